// libxml2's HTML parser (Debian libxml2-dev): web pages saved from government sites.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

// xmlFree is a macro or a variable depending on how libxml2 was built; one function works for both.
static inline void gongkai_xml_free(void *p) { xmlFree(p); }
