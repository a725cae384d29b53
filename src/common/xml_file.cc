#include "common/xml_file.h"

#include <algorithm>
#include <cctype>

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

// The offset of an entity reference XML does not define ("&br;", declared in a DOCTYPE or not), or
// npos. pugixml leaves such a reference as written: a name would read as "ERIC &br;".
size_t UndefinedEntity(std::string_view text) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
  for (size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    size_t end = at + 1;
    while (end < text.size() && end - at <= 64 && name_char(text[end])) ++end;
    if (end == at + 1 || end >= text.size() || text[end] != ';') continue;
    std::string_view name = text.substr(at + 1, end - at - 1);
    if (name != "amp" && name != "lt" && name != "gt" && name != "quot" && name != "apos") return at;
  }
  return std::string_view::npos;
}

}  // namespace

Status LoadXmlFile(const std::string& path, std::string_view root_name, XmlFile& out) {
  StatusOr<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  out.text = std::move(*data);
  pugi::xml_parse_result parsed = out.doc.load_buffer(out.text.data(), out.text.size());
  if (!parsed)
    return Status::DataLoss(path + ":" + std::to_string(LineOf(out.text, parsed.offset)) +
                              ": XML parse error: " + parsed.description());
  if (size_t at = UndefinedEntity(out.text); at != std::string::npos)
    return Status::DataLoss(path + ":" + std::to_string(LineOf(out.text, static_cast<ptrdiff_t>(at))) +
                            ": entity reference '" + out.text.substr(at, out.text.find(';', at) + 1 - at) +
                            "' is none XML defines: it would be read as written");
  out.root = out.doc.document_element();
  if (LocalName(out.root) != root_name)
    return Status::InvalidArgument(path + ": root element is <" + std::string(out.root.name()) + ">, expected <" +
                                   std::string(root_name) + ">");
  return Status::Ok();
}

std::string OwnText(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

}  // namespace embargo
