const { OpenAI } = require('openai');

require('./calls.cjs')
  .run(OpenAI)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
