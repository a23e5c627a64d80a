// The library's API uses the JSON layer's public types (OutputBuffer, ByteSink, InputLocation,
// JSONSyntaxError, IOError, JSONValue): `import SCIMStream` brings them too, so a user of the
// library needs one import.
@_exported public import SCIMJSON
