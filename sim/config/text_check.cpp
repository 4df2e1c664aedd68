// check_text: a file's bytes are text (strict UTF-8, printable) before anything reads them,
// YAML files and SimGrid XML platforms alike, because the names read from them reach the
// outputs (CSV, JSON, SQLite), which must stay valid UTF-8.
#include "config/yaml_document.hpp"
#include "config/yaml_node.hpp"

#include <cstdio>

namespace nimbus {
namespace {

// The position of byte `offset` as "line:col", for errors found before YAML parsing.
YAML::Mark mark_at(const std::string& text, std::size_t offset) {
  YAML::Mark mark;
  mark.pos = static_cast<int>(offset);
  mark.line = 0;
  mark.column = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
  }
  return mark;
}

// The first place where a file stops being YAML text: a byte that is not UTF-8 (strictly:
// no overlong forms, no surrogates, nothing past U+10FFFF, no NUL), or a character outside
// YAML's printable set (control characters but tab and line breaks, U+FFFE, U+FFFF). Names
// read from the file end up in outputs (CSV, JSON, SQLite), which must stay valid UTF-8.
struct NotText {
  std::size_t offset = std::string::npos;  // npos: the whole file is text
  char32_t character = 0;                  // the character at offset, when it is valid UTF-8
  bool utf8 = true;                        // false: the bytes at offset are not UTF-8
};

NotText first_non_text(const std::string& text) {
  const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned c = byte(i);
    std::size_t length = 1;
    char32_t code = c;
    unsigned low = 0x80, high = 0xbf;  // the second byte's range (narrower after E0, ED, F0, F4)
    if (c >= 0x80) {
      if (c >= 0xc2 && c <= 0xdf) length = 2;
      else if (c >= 0xe0 && c <= 0xef) length = 3;
      else if (c >= 0xf0 && c <= 0xf4) length = 4;
      else return {i, 0, false};  // a continuation byte first, C0/C1 (overlong) or F5..FF
      if (c == 0xe0) low = 0xa0;       // overlong
      if (c == 0xed) high = 0x9f;      // UTF-16 surrogates
      if (c == 0xf0) low = 0x90;       // overlong
      if (c == 0xf4) high = 0x8f;      // past U+10FFFF
      code = c & (0xffu >> (length + 1));
      for (std::size_t k = 1; k < length; ++k) {
        const unsigned next = byte(i + k);  // 0 past the end: not a continuation byte
        if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) return {i, 0, false};
        code = (code << 6) | (next & 0x3f);
      }
    }
    const bool printable = code == '\t' || code == '\n' || code == '\r' || (code >= 0x20 && code <= 0x7e) ||
                           code == 0x85 || (code >= 0xa0 && code != 0xfffe && code != 0xffff);
    if (code == 0) return {i, 0, false};
    if (!printable) return {i, code, true};
    i += length;
  }
  return {};
}

}  // namespace

void check_text(const std::string& text, const std::string& name, const std::string& format) {
  const NotText bad = first_non_text(text);
  if (bad.offset == std::string::npos) return;
  const std::string where = position(name, mark_at(text, bad.offset));
  if (!bad.utf8) throw ConfigError(where, "", "not a text file (" + format + " must be UTF-8 text)");
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(bad.character));
  throw ConfigError(where, "",
                    bad.character < 0xfffe
                        ? std::string("control character ") + code + " (" + format + " text holds none but tabs and line breaks)"
                        : std::string("noncharacter ") + code + " (not allowed in " + format + " text)");
}

}  // namespace nimbus
