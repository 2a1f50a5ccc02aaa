#include <stddef.h>

/* glibc's memmem, a GNU extension that Swift's Glibc module does not import (it is declared only under
   _GNU_SOURCE). Nothing to link: it is in libc. */
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
