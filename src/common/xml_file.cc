#include "common/xml_file.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "common/io.h"

namespace embargo {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::vector<pugi::xml_node> UnknownChildren(const pugi::xml_node& parent, std::initializer_list<std::string_view> known) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && std::find(known.begin(), known.end(), LocalName(c)) == known.end())
      out.push_back(c);
  return out;
}

std::vector<pugi::xml_node> ElementsWithin(const pugi::xml_node& n, std::initializer_list<std::string_view> names) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node d = n.first_child(); d;) {
    if (d.type() == pugi::node_element && std::find(names.begin(), names.end(), LocalName(d)) != names.end())
      out.push_back(d);
    if (d.first_child()) {
      d = d.first_child();
      continue;
    }
    while (d != n && !d.next_sibling()) d = d.parent();
    if (d == n) break;
    d = d.next_sibling();
  }
  return out;
}

size_t LineOf(std::string_view text, ptrdiff_t offset) {
  if (offset < 0) return 0;
  size_t end = std::min(text.size(), static_cast<size_t>(offset));
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

namespace {

// Whether XML 1.0 allows the character `c` (its production Char): a reference to any other
// ("&#0;") is no character of the document, and pugixml would cut the text short at "&#0;".
bool XmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// The reason a character reference at `ref` ("&#...;", '&' to ';') is refused, or "" when it
// names a character XML allows.
std::string BadCharReference(std::string_view ref) {
  bool hex = ref.size() > 3 && (ref[2] == 'x');
  std::string_view digits = ref.substr(hex ? 3 : 2, ref.size() - (hex ? 4 : 3));
  if (digits.empty()) return "character reference '" + std::string(ref) + "' is malformed: it would be read as written";
  uint32_t value = 0;
  for (char c : digits) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                                                  : -1;
    if (d < 0) return "character reference '" + std::string(ref) + "' is malformed: it would be read as written";
    value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
  }
  if (XmlChar(value)) return "";
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", value > 0x10FFFF ? 0x110000u : value);
  return "character reference '" + std::string(ref) + "' is to " + (value > 0x10FFFF ? "no character" : code) +
         ", a character XML 1.0 does not allow: the text it stands in would be cut short or damaged";
}

// The first entity or character reference pugixml would not read as XML means it: an entity XML
// does not define ("&br;", declared in a DOCTYPE or not), left as written (a name would read as
// "ERIC &br;"), or a reference to a character XML forbids ("&#0;"). Its offset and the reason,
// or npos. One pass over the file, from '&' to '&'.
std::pair<size_t, std::string> BadReference(std::string_view text) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
  for (size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    bool numeric = at + 1 < text.size() && text[at + 1] == '#';
    size_t end = at + (numeric ? 2 : 1);
    while (end < text.size() && end - at <= 64 && name_char(text[end])) ++end;
    if (end == at + (numeric ? 2 : 1) || end >= text.size() || text[end] != ';') continue;
    std::string_view ref = text.substr(at, end + 1 - at);
    if (numeric) {
      if (std::string reason = BadCharReference(ref); !reason.empty()) return {at, reason};
      continue;
    }
    std::string_view name = ref.substr(1, ref.size() - 2);
    if (name != "amp" && name != "lt" && name != "gt" && name != "quot" && name != "apos")
      return {at, "entity reference '" + std::string(ref) + "' is none XML defines: it would be read as written"};
  }
  return {std::string_view::npos, ""};
}

// The first node after the root element that is a document of its own or part of one: another
// element (a second root, "cat old.xml new.xml"), an XML declaration or text. pugixml reads them
// without a word, and every loader reads the first root element alone.
pugi::xml_node AfterRoot(const pugi::xml_node& root) {
  for (pugi::xml_node n = root.next_sibling(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_element || n.type() == pugi::node_declaration || n.type() == pugi::node_doctype)
      return n;
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      std::string_view v = n.value();
      if (v.find_first_not_of(" \t\r\n") != std::string_view::npos) return n;
    }
  }
  return {};
}

std::string AfterRootKind(const pugi::xml_node& n) {
  switch (n.type()) {
    case pugi::node_element: return "element <" + std::string(n.name()) + ">";
    case pugi::node_declaration: return "an XML declaration";
    case pugi::node_doctype: return "a DOCTYPE";
    default: return "text";
  }
}

}  // namespace

Status LoadXmlFile(const std::string& path, std::string_view root_name, XmlFile& out) {
  StatusOr<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  out.text = std::move(*data);
  // pugixml would read UTF-16 itself, but every offset, line and check here is over UTF-8 bytes.
  EMBARGO_RETURN_IF_ERROR(CheckNotWide(path, out.text));
  pugi::xml_parse_result parsed = out.doc.load_buffer(out.text.data(), out.text.size(),
                                                      pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype |
                                                          pugi::parse_fragment);
  if (!parsed)
    return Status::DataLoss(path + ":" + std::to_string(LineOf(out.text, parsed.offset)) +
                              ": XML parse error: " + parsed.description());
  if (auto [at, reason] = BadReference(out.text); at != std::string::npos)
    return Status::DataLoss(path + ":" + std::to_string(LineOf(out.text, static_cast<ptrdiff_t>(at))) + ": " + reason);
  out.root = out.doc.document_element();
  if (!out.root) return Status::DataLoss(path + ": no root element: not an XML document");
  if (LocalName(out.root) != root_name)
    return Status::InvalidArgument(path + ": root element is <" + std::string(out.root.name()) + ">, expected <" +
                                   std::string(root_name) + ">");
  if (pugi::xml_node after = AfterRoot(out.root))
    return Status::DataLoss(path + ":" + std::to_string(LineOf(out.text, after.offset_debug())) + ": " +
                            AfterRootKind(after) + " after the root element <" + std::string(out.root.name()) +
                            "> closed: a second document (files joined?) would be left out");
  return Status::Ok();
}

std::string OwnText(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

}  // namespace embargo
