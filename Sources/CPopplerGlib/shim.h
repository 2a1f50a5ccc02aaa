// poppler-glib (Debian libpoppler-glib-dev): the text layer of PDF reports.
#include <poppler.h>
