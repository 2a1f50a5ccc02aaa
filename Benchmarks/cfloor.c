/* The C floor for the workbook: writes exactly the cells gongkai wrote (from its cell dump:
 * sheet, row, column, kind s/n/u, value, format id per line) with libxlsxwriter, in the same mode, and
 * reports only the writing time (workbook_new to workbook_close), so the ratio compares the writing part.
 *   cc -O2 -o cfloor cfloor.c $(pkg-config --cflags --libs xlsxwriter)
 *   ./cfloor cells.tsv out.xlsx [constant-memory 0/1]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

typedef struct { char *sheet; unsigned row; unsigned col; char kind; char *value; int format; } cell;

static char *unescape(char *s) {
    char *r = s, *w = s;
    while (*r) {
        if (*r == '\\' && r[1]) { r++; *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r; r++; }
        else *w++ = *r++;
    }
    *w = 0;
    return s;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: cfloor cells.tsv out.xlsx [constant-memory]\n"); return 2; }
    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 2; }
    size_t cap = 1 << 16, n = 0;
    cell *cells = malloc(cap * sizeof(cell));
    char *line = NULL; size_t len = 0;
    while (getline(&line, &len, in) > 0) {
        line[strcspn(line, "\n")] = 0;
        char *f[6]; int k = 0; char *p = line;
        for (; k < 6; k++) { f[k] = p; p = strchr(p, '\t'); if (!p) { k++; break; } *p++ = 0; }
        if (k < 6) continue;
        if (n == cap) { cap *= 2; cells = realloc(cells, cap * sizeof(cell)); }
        cells[n++] = (cell){ strdup(unescape(f[0])), (unsigned)atoi(f[1]), (unsigned)atoi(f[2]), f[3][0], strdup(unescape(f[4])), atoi(f[5]) };
    }
    fclose(in);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lxw_workbook_options options = { .constant_memory = argc > 3 && atoi(argv[3]), .tmpdir = NULL, .use_zip64 = 1 };
    lxw_workbook *wb = workbook_new_opt(argv[2], &options);
    lxw_format *formats[64] = {0};
    lxw_worksheet *ws = NULL; const char *current = "";
    for (size_t i = 0; i < n; i++) {
        cell *c = &cells[i];
        if (strcmp(c->sheet, current) != 0) { ws = workbook_add_worksheet(wb, c->sheet); current = c->sheet; }
        lxw_format *fmt = NULL;
        if (c->format > 0 && c->format < 64) {
            if (!formats[c->format]) { formats[c->format] = workbook_add_format(wb); format_set_border(formats[c->format], LXW_BORDER_THIN); format_set_text_wrap(formats[c->format]); }
            fmt = formats[c->format];
        }
        if (c->kind == 'n') worksheet_write_number(ws, c->row, c->col, atof(c->value), fmt);
        else if (c->kind == 'u') { char *sep = strchr(c->value, 1); if (sep) { *sep = 0; worksheet_write_url_opt(ws, c->row, c->col, c->value, fmt, sep + 1, NULL); } }
        else worksheet_write_string(ws, c->row, c->col, c->value, fmt);
    }
    lxw_error err = workbook_close(wb);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (err) { fprintf(stderr, "cfloor: %s\n", lxw_strerror(err)); return 1; }
    printf("%.4f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
