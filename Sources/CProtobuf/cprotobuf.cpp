#include "cprotobuf.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>

namespace pb = google::protobuf;

namespace {

char *copy(const std::string &text) {
    char *out = static_cast<char *>(std::malloc(text.size() + 1));
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = 0;
    return out;
}

bool is_well_known(const std::string &name) { return name.rfind("google/protobuf/", 0) == 0; }

/* Confluent's Python serializer registers base64 FileDescriptorProtos; the registry hands them back as they were.
 * They are read as the .proto text they stand for (`original` keeps the proto: the text puts nested types in
 * another order than the descriptor, and message indexes count in the descriptor's order). */
bool descriptor_text(const std::string &text, std::string *source, pb::FileDescriptorProto *original) {
    if (text.empty() || text.size() % 4 != 0) return false;
    for (char c : text) {
        if (!(isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return false;
    }
    std::string bytes;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') break;
        int v = isupper(c) ? c - 'A' : islower(c) ? c - 'a' + 26 : isdigit(c) ? c - '0' + 52 : c == '+' ? 62 : 63;
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    pb::FileDescriptorProto proto;
    if (!proto.ParseFromString(bytes) || proto.name().empty()) return false;
    pb::DescriptorPool scratch;
    scratch.AllowUnknownDependencies();
    const pb::FileDescriptor *file = scratch.BuildFile(proto);
    if (file == nullptr) return false;
    *source = file->DebugString();
    *original = proto;
    return true;
}

class Tree : public pb::compiler::SourceTree {
public:
    std::map<std::string, std::string> memory;
    std::string dir;
    std::map<std::string, std::string> opened; // name -> .proto text (stable storage for the streams)
    std::set<std::string> from_disk;
    std::map<std::string, pb::FileDescriptorProto> descriptors; // files given as base64 descriptors

    pb::io::ZeroCopyInputStream *Open(const std::string &name) override {
        auto known = opened.find(name);
        if (known == opened.end()) {
            std::string text;
            auto given = memory.find(name);
            if (given != memory.end()) {
                text = given->second;
            } else if (!dir.empty() && read(dir + "/" + name, &text)) {
                from_disk.insert(name);
            } else if (is_well_known(name)) {
                const pb::FileDescriptor *file = pb::DescriptorPool::generated_pool()->FindFileByName(name);
                if (file == nullptr) return nullptr;
                text = file->DebugString();
            } else {
                return nullptr;
            }
            std::string source;
            pb::FileDescriptorProto original;
            if (descriptor_text(text, &source, &original)) {
                text = source;
                descriptors[name] = original;
            }
            known = opened.emplace(name, text).first;
        }
        return new pb::io::ArrayInputStream(known->second.data(), static_cast<int>(known->second.size()));
    }

    std::string GetLastErrorMessage() override { return "File not found."; }

    std::string shown(const std::string &name) const {
        return from_disk.count(name) && !dir.empty() && dir != "." ? dir + "/" + name : name;
    }

private:
    static bool read(const std::string &path, std::string *text) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        std::stringstream buffer;
        buffer << in.rdbuf();
        *text = buffer.str();
        return true;
    }
};

class Errors : public pb::compiler::MultiFileErrorCollector {
public:
    const Tree *tree = nullptr;
    std::string first;
    void AddError(const std::string &file, int line, int column, const std::string &message) override {
        if (!first.empty()) return;
        std::string where = tree ? tree->shown(file) : file;
        first = line < 0 ? where + ": " + message
                         : where + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
    }
};

void collect(const pb::Descriptor *message, std::vector<const pb::Descriptor *> *out) {
    if (message->options().map_entry()) return;
    out->push_back(message);
    for (int i = 0; i < message->nested_type_count(); i++) collect(message->nested_type(i), out);
}

void files_in_order(const pb::FileDescriptor *file, std::set<std::string> *seen, std::vector<const pb::FileDescriptor *> *out) {
    if (!seen->insert(file->name()).second) return;
    for (int i = 0; i < file->dependency_count(); i++) files_in_order(file->dependency(i), seen, out);
    if (!is_well_known(file->name())) out->push_back(file);
}

const pb::Descriptor *D(cpb_descriptor d) { return static_cast<const pb::Descriptor *>(d); }
const pb::FieldDescriptor *F(cpb_field f) { return static_cast<const pb::FieldDescriptor *>(f); }
const pb::EnumDescriptor *E(cpb_enum e) { return static_cast<const pb::EnumDescriptor *>(e); }
pb::Message *M(cpb_message *m) { return reinterpret_cast<pb::Message *>(m); }
const pb::Message *M(const cpb_message *m) { return reinterpret_cast<const pb::Message *>(m); }

thread_local std::string scratch;

} // namespace

struct cpb_pool {
    Tree tree;
    Errors errors;
    std::unique_ptr<pb::compiler::Importer> importer;
    std::unique_ptr<pb::DynamicMessageFactory> factory;
    const pb::FileDescriptor *root = nullptr;
    std::vector<const pb::FileDescriptor *> files;
    std::vector<const pb::Descriptor *> messages;
};

extern "C" {

cpb_pool *cpb_pool_open(const char *root, const char *dir, const char *const *names, const char *const *texts,
                        size_t count, char **error) {
    auto pool = std::make_unique<cpb_pool>();
    for (size_t i = 0; i < count; i++) pool->tree.memory[names[i]] = texts[i];
    if (dir) pool->tree.dir = dir;
    pool->errors.tree = &pool->tree;
    pool->importer = std::make_unique<pb::compiler::Importer>(&pool->tree, &pool->errors);
    pool->root = pool->importer->Import(root);
    if (pool->root == nullptr) {
        if (error) {
            *error = copy(pool->errors.first.empty() ? pool->tree.shown(root) + ": File not found." : pool->errors.first);
        }
        return nullptr;
    }
    pool->factory = std::make_unique<pb::DynamicMessageFactory>(pool->importer->pool());
    std::set<std::string> seen;
    files_in_order(pool->root, &seen, &pool->files);
    for (int i = 0; i < pool->root->message_type_count(); i++) collect(pool->root->message_type(i), &pool->messages);
    return pool.release();
}

void cpb_pool_free(cpb_pool *pool) { delete pool; }
void cpb_free(void *pointer) { std::free(pointer); }

size_t cpb_file_count(const cpb_pool *pool) { return pool->files.size(); }
const char *cpb_file_name(const cpb_pool *pool, size_t index) { return pool->files[index]->name().c_str(); }
const char *cpb_file_text(const cpb_pool *pool, size_t index) {
    auto found = pool->tree.opened.find(pool->files[index]->name());
    return found == pool->tree.opened.end() ? "" : found->second.c_str();
}
size_t cpb_file_dependency_count(const cpb_pool *pool, size_t index) {
    return static_cast<size_t>(pool->files[index]->dependency_count());
}
const char *cpb_file_dependency(const cpb_pool *pool, size_t index, size_t dependency) {
    return pool->files[index]->dependency(static_cast<int>(dependency))->name().c_str();
}
int cpb_is_well_known_file(const char *name) { return is_well_known(name); }

cpb_descriptor cpb_find_message(const cpb_pool *pool, const char *full_name) {
    for (auto message : pool->messages) {
        if (message->full_name() == full_name) return message;
    }
    return nullptr;
}

cpb_descriptor cpb_message_at(const cpb_pool *pool, const int64_t *path, size_t count) {
    if (count == 0) return nullptr;
    auto original = pool->tree.descriptors.find(pool->root->name());
    if (original != pool->tree.descriptors.end()) {
        const pb::FileDescriptorProto &file = original->second;
        if (path[0] < 0 || path[0] >= file.message_type_size()) return nullptr;
        const pb::DescriptorProto *message = &file.message_type(static_cast<int>(path[0]));
        std::string name = (file.package().empty() ? "" : file.package() + ".") + message->name();
        for (size_t i = 1; i < count; i++) {
            if (path[i] < 0 || path[i] >= message->nested_type_size()) return nullptr;
            message = &message->nested_type(static_cast<int>(path[i]));
            name += "." + message->name();
        }
        return pool->root->pool()->FindMessageTypeByName(name);
    }
    if (path[0] < 0 || path[0] >= pool->root->message_type_count()) return nullptr;
    const pb::Descriptor *message = pool->root->message_type(static_cast<int>(path[0]));
    for (size_t i = 1; i < count; i++) {
        if (path[i] < 0 || path[i] >= message->nested_type_count()) return nullptr;
        message = message->nested_type(static_cast<int>(path[i]));
    }
    return message;
}

size_t cpb_root_message_count(const cpb_pool *pool) { return pool->messages.size(); }
cpb_descriptor cpb_root_message(const cpb_pool *pool, size_t index) { return pool->messages[index]; }

size_t cpb_message_index_path(const cpb_pool *pool, cpb_descriptor message, int64_t *out, size_t capacity) {
    std::vector<int64_t> path;
    auto original = pool->tree.descriptors.find(D(message)->file()->name());
    if (original != pool->tree.descriptors.end()) {
        std::vector<std::string> names;
        for (const pb::Descriptor *d = D(message); d; d = d->containing_type()) names.insert(names.begin(), d->name());
        const google::protobuf::RepeatedPtrField<pb::DescriptorProto> *level = &original->second.message_type();
        for (const std::string &name : names) {
            for (int i = 0; i < level->size(); i++) {
                if (level->Get(i).name() == name) {
                    path.push_back(i);
                    level = &level->Get(i).nested_type();
                    break;
                }
            }
        }
    } else {
        for (const pb::Descriptor *d = D(message); d; d = d->containing_type()) path.insert(path.begin(), d->index());
    }
    for (size_t i = 0; i < path.size() && i < capacity; i++) out[i] = path[i];
    return path.size();
}

const char *cpb_message_full_name(cpb_descriptor message) { return D(message)->full_name().c_str(); }
int cpb_message_is_well_known(cpb_descriptor message) { return is_well_known(D(message)->file()->name()); }
int cpb_message_is_map_entry(cpb_descriptor message) { return D(message)->options().map_entry(); }
size_t cpb_message_field_count(cpb_descriptor message) { return static_cast<size_t>(D(message)->field_count()); }
cpb_field cpb_message_field(cpb_descriptor message, size_t index) { return D(message)->field(static_cast<int>(index)); }
cpb_field cpb_message_field_named(cpb_descriptor message, const char *name) {
    if (auto field = D(message)->FindFieldByName(name)) return field;
    for (int i = 0; i < D(message)->field_count(); i++) {
        if (D(message)->field(i)->json_name() == name) return D(message)->field(i);
    }
    return nullptr;
}

const char *cpb_field_name(cpb_field field) { return F(field)->name().c_str(); }
int cpb_field_type(cpb_field field) { return F(field)->type(); }
int cpb_field_is_repeated(cpb_field field) { return F(field)->is_repeated(); }
int cpb_field_is_map(cpb_field field) { return F(field)->is_map(); }
int cpb_field_is_required(cpb_field field) { return F(field)->is_required(); }
int cpb_field_has_presence(cpb_field field) { return F(field)->has_presence(); }
cpb_descriptor cpb_field_message(cpb_field field) { return F(field)->message_type(); }
cpb_enum cpb_field_enum(cpb_field field) { return F(field)->enum_type(); }

size_t cpb_enum_value_count(cpb_enum e) { return static_cast<size_t>(E(e)->value_count()); }
const char *cpb_enum_value_name(cpb_enum e, size_t index) { return E(e)->value(static_cast<int>(index))->name().c_str(); }
int32_t cpb_enum_value_number(cpb_enum e, size_t index) { return E(e)->value(static_cast<int>(index))->number(); }
const char *cpb_enum_name_of(cpb_enum e, int32_t number) {
    auto value = E(e)->FindValueByNumber(number);
    return value ? value->name().c_str() : nullptr;
}

cpb_message *cpb_message_new(const cpb_pool *pool, cpb_descriptor message) {
    return reinterpret_cast<cpb_message *>(pool->factory->GetPrototype(D(message))->New());
}
void cpb_message_free(cpb_message *message) { delete M(message); }

int cpb_message_parse(cpb_message *message, const uint8_t *bytes, size_t length) {
    return M(message)->ParseFromArray(bytes, static_cast<int>(length));
}

uint8_t *cpb_message_serialize(const cpb_message *message, size_t *length) {
    if (!M(message)->IsInitialized()) return nullptr;
    std::string bytes = M(message)->SerializeAsString();
    *length = bytes.size();
    uint8_t *out = static_cast<uint8_t *>(std::malloc(bytes.size() + 1));
    std::memcpy(out, bytes.data(), bytes.size());
    return out;
}

int cpb_message_merge_json(cpb_message *message, const char *json, size_t length, char **error) {
    auto status = pb::util::JsonStringToMessage(pb::StringPiece(json, length), M(message));
    if (status.ok()) return 1;
    if (error) *error = copy(std::string(status.message()));
    return 0;
}

char *cpb_message_to_json(const cpb_message *message) {
    std::string out;
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (!pb::util::MessageToJsonString(*M(message), &out, options).ok()) return nullptr;
    return copy(out);
}

void cpb_set_int(cpb_message *message, cpb_field field, int64_t value) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32) {
        f->is_repeated() ? r->AddInt32(M(message), f, static_cast<int32_t>(value))
                         : r->SetInt32(M(message), f, static_cast<int32_t>(value));
    } else {
        f->is_repeated() ? r->AddInt64(M(message), f, value) : r->SetInt64(M(message), f, value);
    }
}

void cpb_set_uint(cpb_message *message, cpb_field field, uint64_t value) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32) {
        f->is_repeated() ? r->AddUInt32(M(message), f, static_cast<uint32_t>(value))
                         : r->SetUInt32(M(message), f, static_cast<uint32_t>(value));
    } else {
        f->is_repeated() ? r->AddUInt64(M(message), f, value) : r->SetUInt64(M(message), f, value);
    }
}

void cpb_set_double(cpb_message *message, cpb_field field, double value) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT) {
        f->is_repeated() ? r->AddFloat(M(message), f, static_cast<float>(value))
                         : r->SetFloat(M(message), f, static_cast<float>(value));
    } else {
        f->is_repeated() ? r->AddDouble(M(message), f, value) : r->SetDouble(M(message), f, value);
    }
}

void cpb_set_bool(cpb_message *message, cpb_field field, int value) {
    auto r = M(message)->GetReflection();
    F(field)->is_repeated() ? r->AddBool(M(message), F(field), value != 0) : r->SetBool(M(message), F(field), value != 0);
}

void cpb_set_enum(cpb_message *message, cpb_field field, int32_t number) {
    auto r = M(message)->GetReflection();
    F(field)->is_repeated() ? r->AddEnumValue(M(message), F(field), number) : r->SetEnumValue(M(message), F(field), number);
}

void cpb_set_string(cpb_message *message, cpb_field field, const char *bytes, size_t length) {
    auto r = M(message)->GetReflection();
    std::string value(bytes, length);
    F(field)->is_repeated() ? r->AddString(M(message), F(field), value) : r->SetString(M(message), F(field), value);
}

cpb_message *cpb_mutable_message(cpb_message *message, cpb_field field) {
    auto r = M(message)->GetReflection();
    pb::Message *child = F(field)->is_repeated() ? r->AddMessage(M(message), F(field)) : r->MutableMessage(M(message), F(field));
    return reinterpret_cast<cpb_message *>(child);
}

int cpb_has(const cpb_message *message, cpb_field field) {
    auto r = M(message)->GetReflection();
    return F(field)->is_repeated() ? r->FieldSize(*M(message), F(field)) > 0 : r->HasField(*M(message), F(field));
}

size_t cpb_size(const cpb_message *message, cpb_field field) {
    return static_cast<size_t>(M(message)->GetReflection()->FieldSize(*M(message), F(field)));
}

int64_t cpb_get_int(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    int i = static_cast<int>(index);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32) {
        return f->is_repeated() ? r->GetRepeatedInt32(*M(message), f, i) : r->GetInt32(*M(message), f);
    }
    return f->is_repeated() ? r->GetRepeatedInt64(*M(message), f, i) : r->GetInt64(*M(message), f);
}

uint64_t cpb_get_uint(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    int i = static_cast<int>(index);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32) {
        return f->is_repeated() ? r->GetRepeatedUInt32(*M(message), f, i) : r->GetUInt32(*M(message), f);
    }
    return f->is_repeated() ? r->GetRepeatedUInt64(*M(message), f, i) : r->GetUInt64(*M(message), f);
}

double cpb_get_double(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    auto f = F(field);
    int i = static_cast<int>(index);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT) {
        return f->is_repeated() ? r->GetRepeatedFloat(*M(message), f, i) : r->GetFloat(*M(message), f);
    }
    return f->is_repeated() ? r->GetRepeatedDouble(*M(message), f, i) : r->GetDouble(*M(message), f);
}

int cpb_get_bool(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    return F(field)->is_repeated() ? r->GetRepeatedBool(*M(message), F(field), static_cast<int>(index))
                                   : r->GetBool(*M(message), F(field));
}

int32_t cpb_get_enum(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    return F(field)->is_repeated() ? r->GetRepeatedEnumValue(*M(message), F(field), static_cast<int>(index))
                                   : r->GetEnumValue(*M(message), F(field));
}

const char *cpb_get_string(const cpb_message *message, cpb_field field, size_t index, size_t *length) {
    auto r = M(message)->GetReflection();
    scratch = F(field)->is_repeated() ? r->GetRepeatedString(*M(message), F(field), static_cast<int>(index))
                                      : r->GetString(*M(message), F(field));
    *length = scratch.size();
    return scratch.data();
}

const cpb_message *cpb_get_message(const cpb_message *message, cpb_field field, size_t index) {
    auto r = M(message)->GetReflection();
    const pb::Message &child = F(field)->is_repeated() ? r->GetRepeatedMessage(*M(message), F(field), static_cast<int>(index))
                                                       : r->GetMessage(*M(message), F(field));
    return reinterpret_cast<const cpb_message *>(&child);
}

} // extern "C"
