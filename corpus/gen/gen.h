/*
 * gen.h - shared by the corpus generator's files (gen_corpus.c, gen_reg.c, gen_regf.c).
 */
#ifndef COMSCAN_CORPUS_GEN_H
#define COMSCAN_CORPUS_GEN_H

#include <stddef.h>

/* Writes corpus/<dir>/<name> (under the output root); exits on error. */
void write_file(const char *dir, const char *name, const void *p, size_t n);
/* Records a MANIFEST.tsv row for corpus/<dir>/<name>: its expected scan
 * classes, then optionally a TAB and the COM model's classes. */
void expect(const char *dir, const char *name, const char *classes);
/* Writes corpus/<dir>/<name>: two bytes saying which allocation fails
 * (fuzz/fuzz_oom.h; a different one for each seed), then p. */
void write_oom_seed(const char *dir, const char *name, const void *p, size_t n);
/* The .reg samples and the seeds of fuzz_regtext and fuzz_com. */
void gen_reg_corpus(void);
/* The hive samples and the seeds of fuzz_regf (gen_regf.c). */
void gen_regf_corpus(void);

#endif /* COMSCAN_CORPUS_GEN_H */
