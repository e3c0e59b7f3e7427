/** This package's version, as instrumentation scope version. A test keeps it equal to package.json. */
export const PACKAGE_VERSION = '0.1.0';
