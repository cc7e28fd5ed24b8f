/*
 * gen.h - shared by the corpus generator's files (gen_corpus.c, gen_reg.c, gen_regf.c).
 */
#ifndef COMSCAN_CORPUS_GEN_H
#define COMSCAN_CORPUS_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/hivew.h"

/* Writes corpus/<dir>/<name> (under the output root, creating the folders
 * of dir); exits on error. */
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
/* A machine's SOFTWARE hive (the classes of com-healthy.reg), with the
 * classes clbcatq.dll serves or without, with COM3 (COM+ Enabled, and
 * REGDBVersion naming catalog regdb) or without (gen_regf.c). */
hivew_img *gen_machine_hive(bool catalog_classes, bool with_com3, uint32_t enabled, uint8_t regdb);
/* The Windows-directory snapshots and the seeds of fuzz_diagnose and
 * fuzz_diagnose_oom (gen_snap.c; run last, so that the failure indexes of
 * the other _oom seeds do not move). */
void gen_snapshots(void);

#endif /* COMSCAN_CORPUS_GEN_H */
