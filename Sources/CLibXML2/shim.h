// libxml2's HTML parser (Debian libxml2-dev): web pages saved from government sites.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
