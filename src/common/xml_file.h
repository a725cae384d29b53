// Reading an XML list file: parse errors and a wrong root element name the file and line.
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/status.h"

namespace embargo {

// The bytes of an XML file, unchanged (for content hashes and line numbers), and its document.
struct XmlFile {
  std::string text;
  pugi::xml_document doc;
  pugi::xml_node root;
};

// Reads `path` (".gz" allowed), parses it and checks the root element's local name.
Status LoadXmlFile(const std::string& path, std::string_view root_name, XmlFile& out);

// Element name without a namespace prefix, so "sdn:uid" and "uid" both read as "uid".
std::string_view LocalName(const pugi::xml_node& node);

// An element's own text, every piece of it: a value split by a CDATA section or a comment is one
// value in XML ("AYMAN AL<!-- -->ZAWAHIRI"), not its first piece (pugixml's child_value).
std::string OwnText(const pugi::xml_node& node);

// The element children of `parent` named none of `known`: a loader rejects each by its line, since
// a record in an element a publisher added would otherwise be left out without a word.
std::vector<pugi::xml_node> UnknownChildren(const pugi::xml_node& parent, std::initializer_list<std::string_view> known);

// The elements below `n` (never `n` itself) named one of `names`, in document order. A loader
// rejects each record found where no record may stand (inside another, or inside an element it
// does not know), so that they count against the rejected-records limit instead of vanishing with
// their container. Walked without recursion: a file may nest without bound.
std::vector<pugi::xml_node> ElementsWithin(const pugi::xml_node& n, std::initializer_list<std::string_view> names);

// 1-based line of a byte offset in `text` (0 for an unknown offset).
size_t LineOf(std::string_view text, ptrdiff_t offset);

}  // namespace embargo
