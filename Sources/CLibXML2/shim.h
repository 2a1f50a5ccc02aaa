// libxml2's HTML parser (Debian libxml2-dev): web pages saved from government sites.
// Debian builds libxml2 with ICU, whose headers clash with the ICU that Foundation ships (_FoundationICU);
// gongkai never touches the encoding handlers' ICU members, so ICU is left out of the headers here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

// xmlFree is a macro or a variable depending on how libxml2 was built; one function works for both.
static inline void gongkai_xml_free(void *p) { xmlFree(p); }

// The SAX2 push parser reads a workbook's large parts (sheets, shared strings) as events.
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
