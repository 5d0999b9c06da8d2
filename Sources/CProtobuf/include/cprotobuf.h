#ifndef CPROTOBUF_H
#define CPROTOBUF_H
/* A C face for the parts of Google's protobuf 3.21 (libprotobuf, libprotoc) the Protobuf codec uses: parsing
 * .proto files with their imports, descriptor reflection, and dynamic messages. The JSON mapping is the Swift
 * side's (ProtobufSchema), so that errors name the field path like the Avro codec's. */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cpb_pool cpb_pool;       /* parsed files and their descriptors */
typedef struct cpb_message cpb_message; /* a dynamic message (google::protobuf::Message) */
typedef const void *cpb_descriptor;     /* google::protobuf::Descriptor */
typedef const void *cpb_field;          /* google::protobuf::FieldDescriptor */
typedef const void *cpb_enum;           /* google::protobuf::EnumDescriptor */

/* Parses `root` and its imports. Files are looked up among `names`/`texts` first, then under `dir` (when not
 * NULL), then among Google's well-known types. A text may also be a base64 FileDescriptorProto (as
 * Confluent's Python serializer registers them). NULL on failure, with `*error` (free with cpb_free) in
 * protoc's words: `file:line:column: message`. */
cpb_pool *cpb_pool_open(const char *root, const char *dir, const char *const *names, const char *const *texts,
                        size_t count, char **error);
void cpb_pool_free(cpb_pool *pool);
void cpb_free(void *pointer);

/* The files the root imports (transitively; not the well-known types), dependencies first, then the root. */
size_t cpb_file_count(const cpb_pool *pool);
const char *cpb_file_name(const cpb_pool *pool, size_t index);
const char *cpb_file_text(const cpb_pool *pool, size_t index);
size_t cpb_file_dependency_count(const cpb_pool *pool, size_t index);
const char *cpb_file_dependency(const cpb_pool *pool, size_t index, size_t dependency);
/* 1 when the file is one of Google's well-known types (not registered as a reference). */
int cpb_is_well_known_file(const char *name);

/* Messages of the root file: by full name, or by Confluent's message-index path (top level, then nested, in the
 * order of the file's descriptor: map entries count). */
cpb_descriptor cpb_find_message(const cpb_pool *pool, const char *full_name);
cpb_descriptor cpb_message_at(const cpb_pool *pool, const int64_t *path, size_t count);
/* Every message of the root file, nested ones included, in declaration order. */
size_t cpb_root_message_count(const cpb_pool *pool);
cpb_descriptor cpb_root_message(const cpb_pool *pool, size_t index);
/* The message's index path (writes at most `capacity`), returns its length. */
size_t cpb_message_index_path(const cpb_pool *pool, cpb_descriptor message, int64_t *out, size_t capacity);

const char *cpb_message_full_name(cpb_descriptor message);
int cpb_message_is_well_known(cpb_descriptor message);
int cpb_message_is_map_entry(cpb_descriptor message);
size_t cpb_message_field_count(cpb_descriptor message);
cpb_field cpb_message_field(cpb_descriptor message, size_t index);
/* By its .proto name or its JSON (lowerCamel) name; NULL when none. */
cpb_field cpb_message_field_named(cpb_descriptor message, const char *name);

const char *cpb_field_name(cpb_field field);
/* google::protobuf::FieldDescriptor::Type: 1 double, 2 float, 3 int64, 4 uint64, 5 int32, 6 fixed64, 7 fixed32,
 * 8 bool, 9 string, 10 group, 11 message, 12 bytes, 13 uint32, 14 enum, 15 sfixed32, 16 sfixed64, 17 sint32,
 * 18 sint64. */
int cpb_field_type(cpb_field field);
int cpb_field_is_repeated(cpb_field field);
int cpb_field_is_map(cpb_field field);
/* proto2 required */
int cpb_field_is_required(cpb_field field);
/* 1 when an unset field is absent rather than its default (message fields, oneof members, proto2 optional). */
int cpb_field_has_presence(cpb_field field);
cpb_descriptor cpb_field_message(cpb_field field);
cpb_enum cpb_field_enum(cpb_field field);

size_t cpb_enum_value_count(cpb_enum e);
const char *cpb_enum_value_name(cpb_enum e, size_t index);
int32_t cpb_enum_value_number(cpb_enum e, size_t index);
/* The name of the number; NULL when the enum has none. */
const char *cpb_enum_name_of(cpb_enum e, int32_t number);

cpb_message *cpb_message_new(const cpb_pool *pool, cpb_descriptor message);
void cpb_message_free(cpb_message *message);
/* 1 when the bytes are a whole message of its type. */
int cpb_message_parse(cpb_message *message, const uint8_t *bytes, size_t length);
/* malloc'd bytes (free with cpb_free); *length set. NULL when required fields are missing. */
uint8_t *cpb_message_serialize(const cpb_message *message, size_t *length);
/* A well-known type's JSON form (Timestamp as "2024-01-01T00:00:00Z", ...): merge from it, print to it. */
int cpb_message_merge_json(cpb_message *message, const char *json, size_t length, char **error);
char *cpb_message_to_json(const cpb_message *message);

/* Setters append when the field is repeated. */
void cpb_set_int(cpb_message *message, cpb_field field, int64_t value);
void cpb_set_uint(cpb_message *message, cpb_field field, uint64_t value);
void cpb_set_double(cpb_message *message, cpb_field field, double value);
void cpb_set_bool(cpb_message *message, cpb_field field, int value);
void cpb_set_enum(cpb_message *message, cpb_field field, int32_t number);
void cpb_set_string(cpb_message *message, cpb_field field, const char *bytes, size_t length);
cpb_message *cpb_mutable_message(cpb_message *message, cpb_field field);

/* Getters: `index` is ignored for a singular field. */
int cpb_has(const cpb_message *message, cpb_field field);
size_t cpb_size(const cpb_message *message, cpb_field field);
int64_t cpb_get_int(const cpb_message *message, cpb_field field, size_t index);
uint64_t cpb_get_uint(const cpb_message *message, cpb_field field, size_t index);
double cpb_get_double(const cpb_message *message, cpb_field field, size_t index);
int cpb_get_bool(const cpb_message *message, cpb_field field, size_t index);
int32_t cpb_get_enum(const cpb_message *message, cpb_field field, size_t index);
/* Valid until the next call on this thread. */
const char *cpb_get_string(const cpb_message *message, cpb_field field, size_t index, size_t *length);
const cpb_message *cpb_get_message(const cpb_message *message, cpb_field field, size_t index);

#ifdef __cplusplus
}
#endif
#endif
