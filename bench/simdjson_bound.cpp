// simdjson-bound: how fast the best JSON parser reads an audit log, extracting exactly the
// fields `auditsim replay` decides on. This is the "bound" column of bench/run.sh: replay
// is measured against it on the same file in the same run (bench/README.md).
//
//   build/bench/simdjson-bound FILE      (one JSON event per line; FILE may be -)
//
// The fields are those src/log/event_fields.c takes from a kube-apiserver event: kind,
// apiVersion, level, auditID, stage, requestURI, verb, user.username, user.groups[],
// impersonatedUser (present or not), objectRef.{resource,namespace,name,apiGroup,apiVersion,
// subresource}, responseStatus.{message,code}, requestReceivedTimestamp, stageTimestamp, and
// the spans of requestObject, responseObject and annotations (replay writes them back at
// the level its policy decides). Strings are unescaped, as the reader does. Their lengths
// and the codes are summed and printed so that none of the work can be optimised away.
//
// The file is read in 16 MiB blocks cut at the last newline, each parsed with
// iterate_many, so that memory stays flat whatever the size, like replay's. simdjson's
// document_stream would parse the next batch in a second thread; that is turned off, so the
// figure is one core's, comparable with `replay -j 1`.
#include <simdjson.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

using namespace simdjson;

namespace {

constexpr size_t kBlock = 16u << 20;
constexpr size_t kBatch = 4u << 20; // larger than any one event (iterate_many needs that)

struct totals {
	uint64_t events = 0, errors = 0, string_bytes = 0, raw_bytes = 0, codes = 0, groups = 0;
};

// Adds the unescaped length of a string value; null and other types count nothing.
void add_string(ondemand::value v, totals &t)
{
	std::string_view s;
	if (!v.get_string().get(s))
		t.string_bytes += s.size();
}

// Adds the length of an object's text (what the reader keeps as a span).
void add_raw_object(ondemand::value v, totals &t)
{
	ondemand::object o;
	std::string_view raw;
	if (!v.get_object().get(o) && !o.raw_json().get(raw))
		t.raw_bytes += raw.size();
}

// Calls take(key, value) for each member of the object v; anything else is skipped.
template <typename F> void for_each_member(ondemand::value v, F &&take)
{
	ondemand::object o;
	if (v.get_object().get(o))
		return;
	for (auto member : o) {
		ondemand::field f;
		if (std::move(member).get(f))
			return;
		take(f.key(), f.value());
	}
}

void read_user(ondemand::value v, totals &t)
{
	for_each_member(v, [&t](ondemand::raw_json_string key, ondemand::value &value) {
		if (key == "username") {
			add_string(value, t);
		} else if (key == "groups") {
			ondemand::array groups;
			if (value.get_array().get(groups))
				return;
			for (auto g : groups) {
				std::string_view s;
				if (!g.get_string().get(s)) {
					t.string_bytes += s.size();
					t.groups++;
				}
			}
		}
	});
}

void read_object_ref(ondemand::value v, totals &t)
{
	for_each_member(v, [&t](ondemand::raw_json_string key, ondemand::value &value) {
		if (key == "resource" || key == "namespace" || key == "name" || key == "apiGroup" ||
		    key == "apiVersion" || key == "subresource")
			add_string(value, t);
	});
}

void read_response_status(ondemand::value v, totals &t)
{
	for_each_member(v, [&t](ondemand::raw_json_string key, ondemand::value &value) {
		int64_t code;
		if (key == "message")
			add_string(value, t);
		else if (key == "code" && !value.get_int64().get(code))
			t.codes += (uint64_t)code;
	});
}

// One event, its members in any order (the keys are compared escaped, like the reader's
// fast path; a key written with escapes simply misses).
bool read_event(ondemand::document_reference doc, totals &t)
{
	ondemand::value event;
	if (doc.get_value().get(event) || event.type().value() != ondemand::json_type::object)
		return false;
	for_each_member(event, [&t](ondemand::raw_json_string key, ondemand::value &value) {
		if (key == "kind" || key == "apiVersion" || key == "level" || key == "auditID" ||
		    key == "stage" || key == "requestURI" || key == "verb" ||
		    key == "requestReceivedTimestamp" || key == "stageTimestamp")
			add_string(value, t);
		else if (key == "user")
			read_user(value, t);
		else if (key == "impersonatedUser")
			t.groups += value.type().value() == ondemand::json_type::object;
		else if (key == "objectRef")
			read_object_ref(value, t);
		else if (key == "responseStatus")
			read_response_status(value, t);
		else if (key == "requestObject" || key == "responseObject" || key == "annotations")
			add_raw_object(value, t);
		// anything else (sourceIPs, userAgent, …) is skipped by the iterator
	});
	return true;
}

void parse_block(ondemand::parser &parser, const char *data, size_t len, totals &t)
{
	ondemand::document_stream stream;
	if (parser.iterate_many(data, len, kBatch).get(stream)) {
		t.errors++;
		return;
	}
	for (auto doc : stream) {
		ondemand::document_reference d;
		if (std::move(doc).get(d) || !read_event(d, t))
			t.errors++;
		else
			t.events++;
	}
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: simdjson-bound FILE\n");
		return 2;
	}
	FILE *in = std::strcmp(argv[1], "-") == 0 ? stdin : std::fopen(argv[1], "rb");
	if (!in) {
		std::fprintf(stderr, "simdjson-bound: %s: %s\n", argv[1], std::strerror(errno));
		return 2;
	}
	ondemand::parser parser(kBatch);
	parser.threaded = false; // one core, as replay -j 1
	std::vector<char> buf(2 * kBlock + SIMDJSON_PADDING);
	size_t held = 0; // bytes after the last complete line, carried to the next block
	totals t;
	for (;;) {
		size_t got = std::fread(buf.data() + held, 1, kBlock, in);
		size_t len = held + got;
		if (got == 0) {
			if (len > 0)
				parse_block(parser, buf.data(), len, t); // last line without a newline
			break;
		}
		const char *end = static_cast<const char *>(memrchr(buf.data(), '\n', len));
		size_t whole = end ? (size_t)(end - buf.data()) + 1 : 0;
		if (whole > 0)
			parse_block(parser, buf.data(), whole, t);
		held = len - whole;
		if (held > kBlock) {
			std::fprintf(stderr, "simdjson-bound: a line longer than %zu bytes\n", kBlock);
			return 1;
		}
		std::memmove(buf.data(), buf.data() + whole, held);
	}
	if (std::ferror(in)) {
		std::fprintf(stderr, "simdjson-bound: %s: read error\n", argv[1]);
		return 1;
	}
	std::printf("events %llu, errors %llu, string bytes %llu, raw bytes %llu, groups %llu, "
	            "codes %llu\n",
	            (unsigned long long)t.events, (unsigned long long)t.errors,
	            (unsigned long long)t.string_bytes, (unsigned long long)t.raw_bytes,
	            (unsigned long long)t.groups, (unsigned long long)t.codes);
	return t.errors ? 1 : 0;
}
