/**
 * Decodes OTLP/protobuf export requests (traces and metrics) with protobufjs into the shape of
 * their OTLP/JSON encoding, so one reader serves both encodings (the dev receiver's, and the test
 * receiver's in test/support/). The schema is opentelemetry-proto v1 (`trace.proto`, `common.proto`,
 * `resource.proto`) for spans, and of `metrics.proto` the names and data point counts; field
 * numbers are copied from there and protobufjs skips the fields left out. Bytes (trace and span
 * ids) come out as base64 strings.
 */
import protobuf from 'protobufjs';

const OTLP_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14;
  Status status = 15; fixed32 flags = 16;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }

message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message Metric {
  string name = 1; string unit = 3;
  oneof data { Points gauge = 5; Points sum = 7; Points histogram = 9; Points exponential_histogram = 10; Points summary = 11; }
}
message Points { repeated DataPoint data_points = 1; }
message DataPoint { fixed64 time_unix_nano = 3; }
`;

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const traceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
const metricsRequest = root.lookupType('otlp.ExportMetricsServiceRequest');

const TO_JSON_SHAPE: protobuf.IConversionOptions = { longs: String, bytes: String, enums: Number, oneofs: false, defaults: false };

/** An `ExportTraceServiceRequest` in its OTLP/JSON shape; throws on bytes that are not one. */
export function decodeProtobufTraces(body: Uint8Array): unknown {
  return traceRequest.toObject(traceRequest.decode(body), TO_JSON_SHAPE);
}

/** An `ExportMetricsServiceRequest` in its OTLP/JSON shape; throws on bytes that are not one. */
export function decodeProtobufMetrics(body: Uint8Array): unknown {
  return metricsRequest.toObject(metricsRequest.decode(body), TO_JSON_SHAPE);
}
