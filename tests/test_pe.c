/*
 * test_pe.c - the PE/COFF image parser (parser/pe/image.c): every pe.*
 * finding of the catalogue fires on the damage it describes, healthy
 * images stay healthy, and truncated or byte-flipped images never crash.
 *
 * Every image starts healthy (tests/support/mdw.c: pew_build wraps the
 * sample module, or nothing for a native image, in one .text section at
 * RVA 0x2000, file offset 0x200).  Tests then damage exact bytes located
 * through the pew_layout offsets.  Field offsets below are those of
 * ECMA-335 Partition II section 25 and the PE/COFF specification; see also
 * /work/shared/reference/clb.md section 4.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/mdw.h"

/* ---- field offsets ------------------------------------------------------- */

/* II.25.2.1 MS-DOS header: e_lfanew, the file offset of "PE\0\0". */
#define DOS_E_LFANEW 0x3C
#define DOS_HEADER_SIZE 64
/* II.25.2.2 COFF file header (from layout.coff_off). */
#define COFF_NSECTIONS 2
#define COFF_OPT_SIZE 16
#define COFF_SIZE 20
/* II.25.2.3 optional header (from layout.opt_off). */
#define OPT_MAGIC 0
#define OPT_SECTION_ALIGN 32
#define OPT_FILE_ALIGN 36
#define OPT_FIXED(plus) ((plus) ? 112u : 96u)        /* up to the directories */
#define OPT_NDIRS(plus) (OPT_FIXED(plus) - 4u)       /* NumberOfRvaAndSizes   */
#define OPT_STD_SIZE(plus) ((plus) ? 240u : 224u)    /* 16 directories        */
/* II.25.3 section header (40 bytes, from layout.sections_off). */
#define SEC_NAME 0
#define SEC_VSIZE 8
#define SEC_VA 12
#define SEC_RAW_SIZE 16
#define SEC_RAW_PTR 20
#define SEC_CHARS 36
#define SEC_HDR 40
/* II.25.3.3 CLI header (from layout.cli_off). */
#define CLI_CB 0
#define CLI_MAJOR 4
#define CLI_MINOR 6
#define CLI_MD_RVA 8
#define CLI_MD_SIZE 12
#define CLI_FLAGS 16
#define CLI_SIZE 72
/* what pew_build writes */
#define PEW_SECT_ALIGN 0x2000u
#define PEW_FILE_ALIGN 0x200u

#define ANY_OFFSET (UINT64_MAX - 1) /* must_find: do not check the offset */

/* ---- the codes observed by the tests of this binary ----------------------- */

static const char *observed[64];
static size_t nobserved;

static bool
was_observed(const char *code)
{
	size_t i;
	for (i = 0; i < nobserved; i++)
		if (strcmp(observed[i], code) == 0)
			return true;
	return false;
}

static void
note_observed(const char *code)
{
	if (was_observed(code))
		return;
	assert_true(nobserved < sizeof observed / sizeof observed[0]);
	observed[nobserved++] = code;
}

/* ---- images ---------------------------------------------------------------- */

typedef struct pe_img {
	uint8_t *p;
	size_t len;
	size_t md_len; /* 0 for a native image */
	bool plus, native;
	pew_layout lay;
} pe_img;

enum { V_PE32, V_PE32PLUS, V_NATIVE32, V_NATIVE64, V_COUNT };

static void
img_build(pe_img *im, bool plus, bool native)
{
	pew_opts o;
	memset(&o, 0, sizeof o);
	memset(im, 0, sizeof *im);
	o.pe32plus = plus;
	o.native = native;
	o.runtime_major = 2;
	o.runtime_minor = 5;
	o.cli_flags = 1;
	im->plus = plus;
	im->native = native;
	if (native) {
		im->p = pew_build(NULL, 0, &o, &im->len, &im->lay);
	} else {
		mdw w;
		uint8_t *md;
		mdw_init(&w);
		mdw_sample_module(&w);
		md = mdw_build(&w, &im->md_len, NULL);
		mdw_free(&w);
		im->p = pew_build(md, im->md_len, &o, &im->len, &im->lay);
		free(md);
	}
	assert_non_null(im->p);
}

static void
img_variant(pe_img *im, int v)
{
	img_build(im, v == V_PE32PLUS || v == V_NATIVE64, v == V_NATIVE32 || v == V_NATIVE64);
}

static void
img_free(pe_img *im)
{
	free(im->p);
	im->p = NULL;
}

/* Header offset of section i. */
static size_t
sec_hdr(const pe_img *im, size_t i)
{
	return im->lay.sections_off + i * SEC_HDR;
}

/* VirtualSize of .text as written (72 + metadata, or 16 native bytes). */
static uint32_t
text_vsize(const pe_img *im)
{
	return get_u32(im->p, sec_hdr(im, 0) + SEC_VSIZE);
}

static uint32_t
text_raw_size(const pe_img *im)
{
	return get_u32(im->p, sec_hdr(im, 0) + SEC_RAW_SIZE);
}

/* A heap copy of the first n bytes, sized exactly so ASan sees overreads. */
static uint8_t *
prefix_copy(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);
	assert_non_null(q);
	if (n)
		memcpy(q, p, n);
	return q;
}

/* Appends 0x200 bytes of raw data and a ".rsrc" section header for them
 * after the last section (II.25.3); returns the new header's offset. */
static size_t
img_add_section(pe_img *im)
{
	uint16_t n = get_u16(im->p, im->lay.coff_off + COFF_NSECTIONS);
	size_t h = sec_hdr(im, n), raw = im->len;
	uint32_t va = im->lay.text_rva +
	    ((text_vsize(im) + PEW_SECT_ALIGN - 1) & ~(PEW_SECT_ALIGN - 1));
	uint8_t *q;

	assert_true(h + SEC_HDR <= im->lay.text_raw); /* room in the header block */
	q = realloc(im->p, im->len + PEW_FILE_ALIGN);
	assert_non_null(q);
	im->p = q;
	memset(im->p + raw, 0x5A, PEW_FILE_ALIGN);
	im->len += PEW_FILE_ALIGN;
	memset(im->p + h, 0, SEC_HDR);
	memcpy(im->p + h + SEC_NAME, ".rsrc", 5);
	put_u32(im->p, h + SEC_VSIZE, PEW_FILE_ALIGN);
	put_u32(im->p, h + SEC_VA, va);
	put_u32(im->p, h + SEC_RAW_SIZE, PEW_FILE_ALIGN);
	put_u32(im->p, h + SEC_RAW_PTR, (uint32_t)raw);
	put_u32(im->p, h + SEC_CHARS, 0x40000040); /* initialized data, read */
	put_u16(im->p, im->lay.coff_off + COFF_NSECTIONS, (uint16_t)(n + 1));
	return h;
}

/* Sets SizeOfOptionalHeader (II.25.2.2, COFF +16) and moves the section
 * table so that it still follows the optional header (II.25.3). */
static void
img_set_opt_size(pe_img *im, uint16_t size)
{
	size_t n = get_u16(im->p, im->lay.coff_off + COFF_NSECTIONS);
	size_t to = im->lay.opt_off + size, bytes = n * SEC_HDR;
	uint8_t tmp[8 * SEC_HDR];
	assert_true(bytes <= sizeof tmp);
	assert_true(to + bytes <= im->lay.text_raw);
	memcpy(tmp, im->p + im->lay.sections_off, bytes);
	memset(im->p + im->lay.sections_off, 0, bytes);
	memcpy(im->p + to, tmp, bytes);
	im->lay.sections_off = to;
	put_u16(im->p, im->lay.coff_off + COFF_OPT_SIZE, size);
}

/* ---- findings ---------------------------------------------------------------- */

static void
dump(const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		print_message("    %s (%s, %s) @0x%llx: %s\n", f->code, comscan_class_name(f->cls),
		    comscan_severity_name(f->severity), (unsigned long long)f->offset, f->message);
	}
}

/* The first finding with code (and offset, unless ANY_OFFSET); fails the
 * test when there is none or when its class or severity is not cls/sev. */
static const comscan_finding *
must_find(const comscan_findings *fs, const char *code, comscan_class cls, comscan_severity sev,
    uint64_t off)
{
	size_t i;
	const comscan_code_info *ci = comscan_code_lookup(code);
	if (ci == NULL)
		fail_msg("%s is not in the catalogue", code);
	assert_int_equal(ci->cls, cls);
	assert_int_equal(ci->severity, sev);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, code) != 0 || (off != ANY_OFFSET && f->offset != off))
			continue;
		assert_int_equal(f->cls, cls);
		assert_int_equal(f->severity, sev);
		assert_ptr_equal(f->info, ci);
		assert_int_equal(f->hresult, ci->hresult);
		assert_non_null(f->message);
		assert_true(f->message[0] != '\0');
		if (sev == COMSCAN_SEVERITY_ERROR)
			assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_CORRUPT);
		assert_true(comscan_findings_classes(fs) & (1u << cls));
		return f;
	}
	print_message("  expected %s at 0x%llx; findings were:\n", code, (unsigned long long)off);
	dump(fs);
	fail_msg("finding %s not raised", code);
	return NULL;
}

static bool
has_code(const comscan_findings *fs, const char *code)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (strcmp(comscan_findings_at(fs, i)->code, code) == 0)
			return true;
	return false;
}

static comscan_clb *
open_clb(const uint8_t *p, size_t len, const comscan_options *o)
{
	comscan_clb *clb = NULL;
	assert_int_equal(comscan_clb_open(p, len, o, &clb), COMSCAN_OK);
	assert_non_null(clb);
	return clb;
}

/* Asserts that both comscan_clb_open and comscan_scan_buffer report code
 * (class cls, severity sev, at off) for the len bytes at p, with kind PE;
 * records the code as observed.  Returns nothing: tests needing more open
 * the handle themselves. */
static void
expect_code(const uint8_t *p, size_t len, const comscan_options *o, const char *code,
    comscan_class cls, comscan_severity sev, uint64_t off)
{
	comscan_clb *clb = open_clb(p, len, o);
	comscan_report *r = NULL;
	assert_int_equal(comscan_clb_kind(clb), COMSCAN_KIND_PE);
	(void)must_find(comscan_clb_findings(clb), code, cls, sev, off);
	comscan_clb_close(clb);
	assert_int_equal(comscan_scan_buffer(p, len, o, &r), COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_PE);
	(void)must_find(comscan_report_findings(r), code, cls, sev, off);
	comscan_report_close(r);
	note_observed(code);
}

/* Asserts the image has no warning or error finding. */
static void
expect_healthy(const uint8_t *p, size_t len, const comscan_options *o)
{
	comscan_clb *clb = open_clb(p, len, o);
	const comscan_findings *fs = comscan_clb_findings(clb);
	if (comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING) != 0 ||
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) != 0) {
		dump(fs);
		fail_msg("image is not clean");
	}
	assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_clb_kind(clb), COMSCAN_KIND_PE);
	comscan_clb_close(clb);
}

/* Asserts exactly one warning (code) and no error: the verdict stays
 * healthy and, for a managed image, the metadata is still located. */
static void
expect_only_warning(const pe_img *im, const char *code, comscan_class cls, uint64_t off)
{
	comscan_clb *clb = open_clb(im->p, im->len, NULL);
	const comscan_findings *fs = comscan_clb_findings(clb);
	comscan_clb_info info;
	(void)must_find(fs, code, cls, COMSCAN_SEVERITY_WARNING, off);
	if (comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING) != 1 ||
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) != 0) {
		dump(fs);
		fail_msg("expected %s as the only warning and no error", code);
	}
	assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_HEALTHY);
	comscan_clb_get_info(clb, &info);
	assert_int_equal(info.has_metadata, im->native ? 0 : 1);
	comscan_clb_close(clb);
	expect_code(im->p, im->len, NULL, code, cls, COMSCAN_SEVERITY_WARNING, off);
}

/* The common PE shape of a well-formed report for an input of size bytes:
 * every finding is a catalogue entry, printable, inside the input, and
 * the tallies, classes and verdict agree with the findings. */
static void
check_report(const comscan_report *r, size_t size)
{
	const comscan_findings *fs = comscan_report_findings(r);
	size_t i, n = comscan_findings_count(fs), kept[3] = { 0, 0, 0 };
	uint32_t classes = 0;
	bool dropped = false;
	assert_non_null(fs);
	assert_true((int)comscan_report_kind(r) >= 0 && comscan_report_kind(r) < COMSCAN_KIND_COUNT);
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const comscan_code_info *ci;
		const char *m;
		assert_non_null(f);
		ci = comscan_code_lookup(f->code);
		assert_non_null(ci);
		assert_ptr_equal(f->info, ci);
		assert_int_equal(f->cls, ci->cls);
		assert_int_equal(f->severity, ci->severity);
		assert_int_equal(f->hresult, ci->hresult);
		assert_true(f->offset == COMSCAN_NO_OFFSET || f->offset <= size);
		assert_int_equal(f->line, 0);
		assert_int_equal(f->column, 0);
		assert_non_null(f->message);
		assert_true(f->message[0] != '\0');
		for (m = f->message; *m; m++)
			assert_true(*m >= 0x20 && *m <= 0x7E);
		kept[f->severity]++;
		if (f->severity != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << f->cls;
		dropped |= strcmp(f->code, "core.findings.limit-exceeded") == 0;
	}
	assert_null(comscan_findings_at(fs, n));
	for (i = 0; i < 3; i++)
		if (dropped)
			assert_true(comscan_findings_tally(fs, (comscan_severity)i) >= kept[i]);
		else
			assert_int_equal(comscan_findings_tally(fs, (comscan_severity)i), kept[i]);
	if (dropped)
		assert_int_equal(comscan_findings_classes(fs) & classes, classes);
	else
		assert_int_equal(comscan_findings_classes(fs), classes);
	assert_int_equal(comscan_findings_verdict(fs),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) ? COMSCAN_VERDICT_CORRUPT
	                                                      : COMSCAN_VERDICT_HEALTHY);
}

/* ---- healthy images ---------------------------------------------------------- */

/* A healthy image: no warning or error, accessors return what pew_build wrote. */
static void
check_healthy_image(int v)
{
	pe_img im;
	comscan_clb *clb;
	comscan_report *r = NULL;
	comscan_pe_info pi;
	comscan_pe_section s;
	comscan_clb_info info;

	img_variant(&im, v);
	expect_healthy(im.p, im.len, NULL);
	assert_int_equal(comscan_detect_kind(im.p, im.len), COMSCAN_KIND_PE);
	assert_int_equal(comscan_scan_buffer(im.p, im.len, NULL, &r), COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_PE);
	assert_int_equal(comscan_findings_verdict(comscan_report_findings(r)), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_tally(comscan_report_findings(r), COMSCAN_SEVERITY_WARNING), 0);
	assert_int_equal(comscan_findings_tally(comscan_report_findings(r), COMSCAN_SEVERITY_ERROR), 0);
	comscan_report_close(r);

	clb = open_clb(im.p, im.len, NULL);
	assert_int_equal(comscan_clb_pe_info(clb, &pi), 0);
	assert_int_equal(pi.machine, im.plus ? 0x8664 : 0x014C);
	assert_int_equal(pi.pe32plus, im.plus ? 1 : 0);
	assert_int_equal(pi.section_count, 1);
	assert_int_equal(comscan_clb_pe_section_count(clb), 1);
	assert_int_equal(comscan_clb_pe_section_at(clb, 0, &s), 0);
	assert_string_equal(s.name, ".text");
	assert_int_equal(s.virtual_address, im.lay.text_rva);
	assert_int_equal(s.virtual_size, im.native ? 16 : CLI_SIZE + im.md_len);
	assert_int_equal(s.raw_offset, im.lay.text_raw);
	assert_int_equal(s.raw_size, im.len - im.lay.text_raw);
	assert_int_equal(s.characteristics, 0x60000020);
	assert_int_equal(comscan_clb_pe_section_at(clb, 1, &s), -1);
	comscan_clb_get_info(clb, &info);
	if (im.native) {
		assert_int_equal(pi.has_cli, 0);
		assert_int_equal(pi.cli_rva, 0);
		assert_int_equal(pi.cli_size, 0);
		assert_int_equal(info.has_metadata, 0);
	} else {
		assert_int_equal(pi.has_cli, 1);
		assert_int_equal(pi.cli_rva, im.lay.text_rva);
		assert_int_equal(pi.cli_size, CLI_SIZE);
		assert_int_equal(pi.runtime_major, 2);
		assert_int_equal(pi.runtime_minor, 5);
		assert_int_equal(pi.cli_flags, 1);
		assert_int_equal(pi.metadata_rva, im.lay.text_rva + CLI_SIZE);
		assert_int_equal(pi.metadata_size, im.md_len);
		assert_int_equal(info.has_metadata, 1);
		assert_int_equal(info.metadata_offset, im.lay.metadata_off);
		assert_int_equal(info.metadata_size, im.md_len);
		assert_int_equal(info.has_tables, 1);
	}
	comscan_clb_close(clb);
	img_free(&im);
}

/* A managed PE32 image is healthy and reads back as written. */
static void
test_healthy_pe32(void **state)
{
	(void)state;
	check_healthy_image(V_PE32);
}

/* A managed PE32+ image is healthy and reads back as written. */
static void
test_healthy_pe32plus(void **state)
{
	(void)state;
	check_healthy_image(V_PE32PLUS);
}

/* Native PE32 and PE32+ images (no CLI header) are healthy, with no metadata. */
static void
test_healthy_native(void **state)
{
	(void)state;
	check_healthy_image(V_NATIVE32);
	check_healthy_image(V_NATIVE64);
}

/* A second, disjoint and aligned section keeps the image healthy (baseline
 * for the section tests below) and reads back as written. */
static void
test_healthy_two_sections(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		comscan_clb *clb;
		comscan_pe_section s;
		size_t h;
		img_variant(&im, v);
		h = img_add_section(&im);
		expect_healthy(im.p, im.len, NULL);
		clb = open_clb(im.p, im.len, NULL);
		assert_int_equal(comscan_clb_pe_section_count(clb), 2);
		assert_int_equal(comscan_clb_pe_section_at(clb, 1, &s), 0);
		assert_string_equal(s.name, ".rsrc");
		assert_int_equal(s.virtual_address, get_u32(im.p, h + SEC_VA));
		assert_int_equal(s.raw_offset, im.len - PEW_FILE_ALIGN);
		assert_int_equal(s.raw_size, PEW_FILE_ALIGN);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* ---- DOS header and PE signature (II.25.2.1) ---------------------------------- */

/* Every file of 2..63 bytes that starts with "MZ" ends inside the DOS header. */
static void
test_dos_truncated(void **state)
{
	pe_img im;
	size_t n;
	(void)state;
	img_build(&im, false, false);
	for (n = 2; n < DOS_HEADER_SIZE; n++) {
		uint8_t *q = prefix_copy(im.p, n);
		comscan_clb *clb;
		comscan_pe_info pi;
		expect_code(q, n, NULL, "pe.dos.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, 0);
		clb = open_clb(q, n, NULL);
		assert_int_equal(comscan_clb_pe_info(clb, &pi), -1); /* no PE signature seen */
		comscan_clb_close(clb);
		free(q);
	}
	img_free(&im);
}

/* e_lfanew (DOS +0x3C) at or near the end of the file: "PE\0\0" cannot fit. */
static void
test_lfanew_past_eof(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, DOS_E_LFANEW, (uint32_t)im.len);
		expect_code(im.p, im.len, NULL, "pe.dos.lfanew-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, DOS_E_LFANEW);
		put_u32(im.p, DOS_E_LFANEW, (uint32_t)im.len - 3);
		expect_code(im.p, im.len, NULL, "pe.dos.lfanew-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, DOS_E_LFANEW);
		img_free(&im);
	}
}

/* e_lfanew (DOS +0x3C) >= 0x80000000 is out of bounds, not a negative offset
 * (clb.md 4.1 step 1: Mono, DNMD and SRM read it as a signed int32). */
static void
test_lfanew_sign_bit(void **state)
{
	static const uint32_t bad[] = { 0x80000000u, 0xFFFFFFFCu, 0xFFFFFFFFu };
	size_t i;
	pe_img im;
	(void)state;
	img_build(&im, false, false);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put_u32(im.p, DOS_E_LFANEW, bad[i]);
		expect_code(im.p, im.len, NULL, "pe.dos.lfanew-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, DOS_E_LFANEW);
	}
	img_free(&im);
}

/* No "PE\0\0" at e_lfanew (II.25.2.1): a damaged signature, an NE program,
 * and e_lfanew 0 (pointing at "MZ"). */
static void
test_nt_signature_missing(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		im.p[im.lay.lfanew + 2] = 1; /* "PE\1\0" */
		expect_code(im.p, im.len, NULL, "pe.nt.bad-signature", COMSCAN_CLASS_BAD_SIGNATURE,
		    COMSCAN_SEVERITY_ERROR, im.lay.lfanew);
		memcpy(im.p + im.lay.lfanew, "NE", 2); /* a 16-bit Windows program */
		expect_code(im.p, im.len, NULL, "pe.nt.bad-signature", COMSCAN_CLASS_BAD_SIGNATURE,
		    COMSCAN_SEVERITY_ERROR, im.lay.lfanew);
		put_u32(im.p, DOS_E_LFANEW, 0);
		expect_code(im.p, im.len, NULL, "pe.nt.bad-signature", COMSCAN_CLASS_BAD_SIGNATURE,
		    COMSCAN_SEVERITY_ERROR, 0);
		img_free(&im);
	}
}

/* ---- COFF and optional headers (II.25.2.2, II.25.2.3) -------------------------- */

/* "PE\0\0" placed by e_lfanew in the last 14 (and 4) bytes: the 20-byte
 * COFF header (II.25.2.2) does not fit. */
static void
test_coff_truncated(void **state)
{
	static const size_t tail[] = { 14, 4, 4 + COFF_SIZE - 1 };
	size_t i;
	pe_img im;
	(void)state;
	img_build(&im, true, false);
	for (i = 0; i < sizeof tail / sizeof tail[0]; i++) {
		size_t at = im.len - tail[i];
		memcpy(im.p + at, "PE\0\0", 4);
		put_u32(im.p, DOS_E_LFANEW, (uint32_t)at);
		expect_code(im.p, im.len, NULL, "pe.coff.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, at + 4);
	}
	/* and a plain cut inside the COFF header */
	img_free(&im);
	img_build(&im, false, true);
	{
		size_t n = im.lay.coff_off + 10;
		uint8_t *q = prefix_copy(im.p, n);
		expect_code(q, n, NULL, "pe.coff.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, im.lay.coff_off);
		free(q);
	}
	img_free(&im);
}

/* The file ends right after the COFF header: no optional-header magic (II.25.2.3). */
static void
test_optional_truncated_before_magic(void **state)
{
	pe_img im;
	size_t at;
	(void)state;
	img_build(&im, false, false);
	at = im.len - 4 - COFF_SIZE;
	memcpy(im.p + at, "PE\0\0", 4);
	put_u32(im.p, DOS_E_LFANEW, (uint32_t)at);
	expect_code(im.p, im.len, NULL, "pe.optional.truncated", COMSCAN_CLASS_TRUNCATED,
	    COMSCAN_SEVERITY_ERROR, im.len);
	img_free(&im);
}

/* The file ends inside the optional header's fixed fields, or
 * SizeOfOptionalHeader (COFF +16) runs past the end of the file. */
static void
test_optional_truncated_inside(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		size_t n;
		uint8_t *q;
		img_variant(&im, v);
		n = im.lay.opt_off + 64; /* magic readable, fixed fields cut */
		q = prefix_copy(im.p, n);
		expect_code(q, n, NULL, "pe.optional.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, im.lay.opt_off);
		free(q);
		put_u16(im.p, im.lay.coff_off + COFF_OPT_SIZE, 0xFFFF);
		expect_code(im.p, im.len, NULL, "pe.optional.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, im.lay.opt_off);
		img_free(&im);
	}
}

/* Optional header Magic (opt +0) other than 0x10B / 0x20B (II.25.2.3.1). */
static void
test_optional_bad_magic(void **state)
{
	static const uint16_t bad[] = { 0x107 /* ROM */, 0x0000, 0x0B01 /* byte-swapped */, 0x20A };
	int v;
	size_t i;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			put_u16(im.p, im.lay.opt_off + OPT_MAGIC, bad[i]);
			expect_code(im.p, im.len, NULL, "pe.optional.bad-magic", COMSCAN_CLASS_MALFORMED,
			    COMSCAN_SEVERITY_ERROR, im.lay.opt_off);
		}
		img_free(&im);
	}
}

/* SizeOfOptionalHeader (COFF +16) smaller than the fixed fields plus the
 * 16 data directories NumberOfRvaAndSizes declares (II.25.2.3). */
static void
test_optional_size_too_small(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u16(im.p, im.lay.coff_off + COFF_OPT_SIZE, (uint16_t)(OPT_STD_SIZE(im.plus) - 8));
		expect_code(im.p, im.len, NULL, "pe.optional.size-too-small", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.coff_off + COFF_OPT_SIZE);
		put_u16(im.p, im.lay.coff_off + COFF_OPT_SIZE, 0);
		expect_code(im.p, im.len, NULL, "pe.optional.size-too-small", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.coff_off + COFF_OPT_SIZE);
		img_free(&im);
	}
}

/* SizeOfOptionalHeader (COFF +16) of 224+16 / 240+16, section table moved
 * after it: a warning only (CoreCLR wants exactly 224/240, clb.md 4.1 step 4). */
static void
test_optional_nonstandard_larger(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		img_set_opt_size(&im, (uint16_t)(OPT_STD_SIZE(im.plus) + 16));
		expect_only_warning(&im, "pe.optional.nonstandard-size", COMSCAN_CLASS_MALFORMED,
		    im.lay.coff_off + COFF_OPT_SIZE);
		img_free(&im);
	}
}

/* NumberOfRvaAndSizes 15 (opt +92/+108) with a matching 216/232-byte optional
 * header: consistent, still nonstandard (warning), directory 14 still read. */
static void
test_optional_nonstandard_fewer_dirs(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, im.lay.opt_off + OPT_NDIRS(im.plus), 15);
		img_set_opt_size(&im, (uint16_t)(OPT_FIXED(im.plus) + 15 * 8));
		expect_only_warning(&im, "pe.optional.nonstandard-size", COMSCAN_CLASS_MALFORMED,
		    im.lay.coff_off + COFF_OPT_SIZE);
		img_free(&im);
	}
}

/* FileAlignment (opt +36) 0x300: not a power of two (PE/COFF optional header). */
static void
test_alignment_not_power_of_two(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, im.lay.opt_off + OPT_FILE_ALIGN, 0x300);
		expect_only_warning(&im, "pe.optional.bad-alignment", COMSCAN_CLASS_MALFORMED,
		    im.lay.opt_off + OPT_SECTION_ALIGN);
		put_u32(im.p, im.lay.opt_off + OPT_FILE_ALIGN, 0);
		expect_only_warning(&im, "pe.optional.bad-alignment", COMSCAN_CLASS_MALFORMED,
		    im.lay.opt_off + OPT_SECTION_ALIGN);
		img_free(&im);
	}
}

/* FileAlignment (opt +36) 0x100 < 512 with SectionAlignment 0x2000, and
 * SectionAlignment (opt +32) 0x100 below FileAlignment 0x200. */
static void
test_alignment_bad_pair(void **state)
{
	pe_img im;
	(void)state;
	img_build(&im, false, false);
	put_u32(im.p, im.lay.opt_off + OPT_FILE_ALIGN, 0x100);
	expect_only_warning(&im, "pe.optional.bad-alignment", COMSCAN_CLASS_MALFORMED,
	    im.lay.opt_off + OPT_SECTION_ALIGN);
	put_u32(im.p, im.lay.opt_off + OPT_FILE_ALIGN, PEW_FILE_ALIGN);
	put_u32(im.p, im.lay.opt_off + OPT_SECTION_ALIGN, 0x100);
	expect_only_warning(&im, "pe.optional.bad-alignment", COMSCAN_CLASS_MALFORMED,
	    im.lay.opt_off + OPT_SECTION_ALIGN);
	img_free(&im);
}

/* ---- section table (II.25.3) ------------------------------------------------- */

/* NumberOfSections (COFF +2) one more than the file can hold (limit raised
 * so that only the truncation shows); the headers that fit are parsed. */
static void
test_sections_truncated(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		comscan_options o;
		comscan_clb *clb;
		size_t fit;
		img_variant(&im, v);
		comscan_options_init(&o);
		o.limits.max_pe_sections = 0xFFFF;
		fit = (im.len - im.lay.sections_off) / SEC_HDR;
		put_u16(im.p, im.lay.coff_off + COFF_NSECTIONS, (uint16_t)(fit + 1));
		expect_code(im.p, im.len, &o, "pe.sections.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, im.lay.sections_off);
		clb = open_clb(im.p, im.len, &o);
		assert_int_equal(comscan_clb_pe_section_count(clb), fit);
		assert_false(has_code(comscan_clb_findings(clb), "pe.sections.limit-exceeded"));
		comscan_clb_close(clb);
		put_u16(im.p, im.lay.coff_off + COFF_NSECTIONS, 0xFFFF);
		expect_code(im.p, im.len, &o, "pe.sections.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, im.lay.sections_off);
		img_free(&im);
	}
}

/* Two sections with limits.max_pe_sections 1: the limit finding, the
 * first section parsed, nothing else wrong. */
static void
test_sections_limit_option(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		comscan_options o;
		comscan_clb *clb;
		const comscan_findings *fs;
		img_variant(&im, v);
		(void)img_add_section(&im);
		comscan_options_init(&o);
		o.limits.max_pe_sections = 1;
		expect_code(im.p, im.len, &o, "pe.sections.limit-exceeded",
		    COMSCAN_CLASS_LIMIT_EXCEEDED, COMSCAN_SEVERITY_ERROR, im.lay.sections_off);
		clb = open_clb(im.p, im.len, &o);
		fs = comscan_clb_findings(clb);
		assert_int_equal(comscan_clb_pe_section_count(clb), 1);
		assert_int_equal(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR), 1);
		assert_int_equal(comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING), 0);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* NumberOfSections (COFF +2) 97 against the default max_pe_sections 96. */
static void
test_sections_limit_default(void **state)
{
	pe_img im;
	(void)state;
	img_build(&im, false, true);
	put_u16(im.p, im.lay.coff_off + COFF_NSECTIONS, COMSCAN_DEFAULT_MAX_PE_SECTIONS + 1);
	expect_code(im.p, im.len, NULL, "pe.sections.limit-exceeded", COMSCAN_CLASS_LIMIT_EXCEEDED,
	    COMSCAN_SEVERITY_ERROR, im.lay.sections_off);
	img_free(&im);
}

/* SizeOfRawData (section +16) grown by 0x200, or PointerToRawData (+20)
 * at the end of the file: the raw data runs past EOF. */
static void
test_section_raw_past_eof(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		size_t h;
		img_variant(&im, v);
		h = sec_hdr(&im, 0);
		put_u32(im.p, h + SEC_RAW_SIZE, text_raw_size(&im) + PEW_FILE_ALIGN);
		expect_code(im.p, im.len, NULL, "pe.section.raw-out-of-bounds",
		    COMSCAN_CLASS_TRUNCATED, COMSCAN_SEVERITY_ERROR, h + SEC_RAW_SIZE);
		put_u32(im.p, h + SEC_RAW_SIZE, (uint32_t)(im.len - im.lay.text_raw));
		put_u32(im.p, h + SEC_RAW_PTR, (uint32_t)im.len);
		expect_code(im.p, im.len, NULL, "pe.section.raw-out-of-bounds",
		    COMSCAN_CLASS_TRUNCATED, COMSCAN_SEVERITY_ERROR, h + SEC_RAW_SIZE);
		img_free(&im);
	}
}

/* A second section whose VirtualAddress (+12) equals .text's: overlap in
 * the address space, reported at the second header. */
static void
test_section_overlap_va(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		comscan_clb *clb;
		const comscan_finding *f;
		size_t h;
		img_variant(&im, v);
		h = img_add_section(&im);
		put_u32(im.p, h + SEC_VA, im.lay.text_rva);
		expect_code(im.p, im.len, NULL, "pe.section.overlap", COMSCAN_CLASS_OVERLAP,
		    COMSCAN_SEVERITY_ERROR, h);
		clb = open_clb(im.p, im.len, NULL);
		f = must_find(comscan_clb_findings(clb), "pe.section.overlap", COMSCAN_CLASS_OVERLAP,
		    COMSCAN_SEVERITY_ERROR, h);
		assert_non_null(strstr(f->message, "address space"));
		assert_int_equal(comscan_findings_count(comscan_clb_findings(clb)), 1);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* A second section whose PointerToRawData (+20) points into .text's raw
 * data: overlap in the file, reported at the second header. */
static void
test_section_overlap_file(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		comscan_clb *clb;
		const comscan_finding *f;
		size_t h;
		img_variant(&im, v);
		h = img_add_section(&im);
		put_u32(im.p, h + SEC_RAW_PTR, (uint32_t)im.lay.text_raw);
		expect_code(im.p, im.len, NULL, "pe.section.overlap", COMSCAN_CLASS_OVERLAP,
		    COMSCAN_SEVERITY_ERROR, h);
		clb = open_clb(im.p, im.len, NULL);
		f = must_find(comscan_clb_findings(clb), "pe.section.overlap", COMSCAN_CLASS_OVERLAP,
		    COMSCAN_SEVERITY_ERROR, h);
		assert_non_null(strstr(f->message, "file"));
		assert_int_equal(comscan_findings_count(comscan_clb_findings(clb)), 1);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* VirtualAddress (section +12) 0x2200, not a multiple of SectionAlignment
 * 0x2000; the CLI directory and MetaData RVAs follow it, so this is the
 * only finding and the metadata is still found. */
static void
test_section_unaligned(void **state)
{
	int v;
	(void)state;
	for (v = 0; v < V_COUNT; v++) {
		pe_img im;
		size_t h;
		img_variant(&im, v);
		h = sec_hdr(&im, 0);
		put_u32(im.p, h + SEC_VA, im.lay.text_rva + 0x200);
		if (!im.native) {
			put_u32(im.p, im.lay.cli_dir_off, im.lay.text_rva + 0x200);
			put_u32(im.p, im.lay.cli_off + CLI_MD_RVA, im.lay.text_rva + 0x200 + CLI_SIZE);
		}
		expect_only_warning(&im, "pe.section.unaligned", COMSCAN_CLASS_MALFORMED,
		    h + SEC_VA);
		img_free(&im);
	}
}

/* ---- CLI header (II.25.3.3) -------------------------------------------------- */

/* Data directory 14's Size (dir +4) of 71 and of 0 with a non-zero RVA. */
static void
test_cli_directory_size_small(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, im.lay.cli_dir_off + 4, CLI_SIZE - 1);
		expect_code(im.p, im.len, NULL, "pe.cli.bad-size", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
		put_u32(im.p, im.lay.cli_dir_off + 4, 0);
		expect_code(im.p, im.len, NULL, "pe.cli.bad-size", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
		img_free(&im);
	}
}

/* Data directory 14's RVA (dir +0) outside every section: past the end of
 * the address space in use, and below the first section. */
static void
test_cli_rva_outside_sections(void **state)
{
	static const uint32_t bad[] = { 0x00100000u, 0x00001000u, 0xFFFFFFF0u };
	int v;
	size_t i;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			comscan_clb *clb;
			comscan_pe_info pi;
			put_u32(im.p, im.lay.cli_dir_off, bad[i]);
			expect_code(im.p, im.len, NULL, "pe.cli.out-of-bounds",
			    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
			clb = open_clb(im.p, im.len, NULL);
			assert_int_equal(comscan_clb_pe_info(clb, &pi), 0);
			assert_int_equal(pi.has_cli, 0);
			comscan_clb_close(clb);
		}
		img_free(&im);
	}
}

/* The CLI header starts 8 bytes before the end of .text's VirtualSize: it
 * crosses the section end (SRM "SectionTooSmall", clb.md 4.1 step 7). */
static void
test_cli_crosses_section_end(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, im.lay.cli_dir_off, im.lay.text_rva + text_vsize(&im) - 8);
		expect_code(im.p, im.len, NULL, "pe.cli.out-of-bounds", COMSCAN_CLASS_OUT_OF_BOUNDS,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
		img_free(&im);
	}
}

/* VirtualSize (section +8) grown past SizeOfRawData and the CLI header RVA
 * placed inside VirtualSize but beyond the raw data (zero-fill, not in the
 * file; clb.md 4.1 step 6).  A second section's raw data follows, so the
 * file does hold bytes at that position: only the rule can reject it. */
static void
test_cli_beyond_raw_data(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		(void)img_add_section(&im);
		put_u32(im.p, sec_hdr(&im, 0) + SEC_VSIZE, text_raw_size(&im) + 0x1000);
		put_u32(im.p, im.lay.cli_dir_off, im.lay.text_rva + text_raw_size(&im) + 0x10);
		expect_code(im.p, im.len, NULL, "pe.cli.out-of-bounds", COMSCAN_CLASS_OUT_OF_BOUNDS,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
		/* and SizeOfRawData (section +16) smaller than the 72-byte header */
		img_free(&im);
		img_variant(&im, v);
		put_u32(im.p, sec_hdr(&im, 0) + SEC_RAW_SIZE, 0x40);
		expect_code(im.p, im.len, NULL, "pe.cli.out-of-bounds", COMSCAN_CLASS_OUT_OF_BOUNDS,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_dir_off);
		img_free(&im);
	}
}

/* The CLI header's cb (cli +0) of 0x40 and 0: smaller than 72; the
 * metadata is still located. */
static void
test_cli_cb_small(void **state)
{
	static const uint32_t bad[] = { 0x40, 0, CLI_SIZE - 1 };
	int v;
	size_t i;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			comscan_clb *clb;
			comscan_clb_info info;
			put_u32(im.p, im.lay.cli_off + CLI_CB, bad[i]);
			expect_code(im.p, im.len, NULL, "pe.cli.bad-size", COMSCAN_CLASS_MALFORMED,
			    COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_CB);
			clb = open_clb(im.p, im.len, NULL);
			comscan_clb_get_info(clb, &info);
			assert_int_equal(info.has_metadata, 1);
			assert_int_equal(info.metadata_offset, im.lay.metadata_off);
			comscan_clb_close(clb);
		}
		img_free(&im);
	}
}

/* MajorRuntimeVersion (cli +4) 1: a COM+ 1.0 pre-release image (CoreCLR
 * CheckCorHeader requires > 1, clb.md 4.1 step 7). */
static void
test_cli_legacy_runtime(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		comscan_clb *clb;
		comscan_pe_info pi;
		img_variant(&im, v);
		put_u16(im.p, im.lay.cli_off + CLI_MAJOR, 1);
		put_u16(im.p, im.lay.cli_off + CLI_MINOR, 0);
		expect_code(im.p, im.len, NULL, "pe.cli.legacy-runtime", COMSCAN_CLASS_LEGACY_FORMAT,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MAJOR);
		clb = open_clb(im.p, im.len, NULL);
		assert_int_equal(comscan_clb_pe_info(clb, &pi), 0);
		assert_int_equal(pi.runtime_major, 1);
		assert_int_equal(pi.runtime_minor, 0);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* MajorRuntimeVersion (cli +4) 0 and 3: II.25.3.3 says it "shall be 2". */
static void
test_cli_runtime_version(void **state)
{
	static const uint16_t bad[] = { 0, 3, 0xFFFF };
	size_t k;
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			pe_img im;
			img_variant(&im, v);
			put_u16(im.p, im.lay.cli_off + CLI_MAJOR, bad[k]);
			expect_code(im.p, im.len, NULL, "pe.cli.runtime-version",
			    COMSCAN_CLASS_UNSUPPORTED_VERSION, COMSCAN_SEVERITY_ERROR,
			    im.lay.cli_off + CLI_MAJOR);
			img_free(&im);
		}
	}
}

/* NumberOfRvaAndSizes 14 (opt +92/+108) while directory 14 still holds the
 * CLI header inside a 224/240-byte optional header: readers disagree
 * (SRM reads all 16 directories, CoreCLR honours the count). */
static void
test_cli_directory_hidden(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		comscan_clb *clb;
		comscan_clb_info info;
		img_variant(&im, v);
		put_u32(im.p, im.lay.opt_off + OPT_NDIRS(im.plus), 14);
		expect_code(im.p, im.len, NULL, "pe.optional.cli-directory-hidden",
		    COMSCAN_CLASS_INCONSISTENT, COMSCAN_SEVERITY_WARNING, im.lay.cli_dir_off);
		clb = open_clb(im.p, im.len, NULL);
		comscan_clb_get_info(clb, &info);
		assert_int_equal(info.has_metadata, 0);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* CLI Flags (cli +16) with bit 0x100, which no runtime defines
 * (II.25.3.3.1): a warning only. */
static void
test_cli_unknown_flags(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		put_u32(im.p, im.lay.cli_off + CLI_FLAGS, 0x00000101);
		expect_only_warning(&im, "pe.cli.unknown-flags", COMSCAN_CLASS_MALFORMED,
		    im.lay.cli_off + CLI_FLAGS);
		put_u32(im.p, im.lay.cli_off + CLI_FLAGS, 0x80000001);
		expect_only_warning(&im, "pe.cli.unknown-flags", COMSCAN_CLASS_MALFORMED,
		    im.lay.cli_off + CLI_FLAGS);
		img_free(&im);
	}
}

/* Every defined CLI flag together (ILONLY, 32BITREQUIRED, IL_LIBRARY,
 * STRONGNAMESIGNED, NATIVE_ENTRYPOINT, TRACKDEBUGDATA, 32BITPREFERRED;
 * II.25.3.3.1 and CoreCLR corhdr.h) raises nothing. */
static void
test_cli_known_flags_clean(void **state)
{
	pe_img im;
	(void)state;
	img_build(&im, false, false);
	put_u32(im.p, im.lay.cli_off + CLI_FLAGS, 0x0003001F);
	expect_healthy(im.p, im.len, NULL);
	img_free(&im);
}

/* The CLI header's MetaData directory (cli +8, +12) with size 0, then RVA 0. */
static void
test_cli_no_metadata(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		comscan_clb *clb;
		comscan_clb_info info;
		img_variant(&im, v);
		put_u32(im.p, im.lay.cli_off + CLI_MD_SIZE, 0);
		expect_code(im.p, im.len, NULL, "pe.cli.no-metadata", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		clb = open_clb(im.p, im.len, NULL);
		comscan_clb_get_info(clb, &info);
		assert_int_equal(info.has_metadata, 0);
		comscan_clb_close(clb);
		put_u32(im.p, im.lay.cli_off + CLI_MD_SIZE, (uint32_t)im.md_len);
		put_u32(im.p, im.lay.cli_off + CLI_MD_RVA, 0);
		expect_code(im.p, im.len, NULL, "pe.cli.no-metadata", COMSCAN_CLASS_MALFORMED,
		    COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		img_free(&im);
	}
}

/* MetaData RVA (cli +8) outside every section, and MetaData size (cli +12)
 * running 0x1000 bytes past the section. */
static void
test_cli_metadata_outside_section(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		comscan_clb *clb;
		comscan_clb_info info;
		img_variant(&im, v);
		put_u32(im.p, im.lay.cli_off + CLI_MD_RVA, 0x00100000);
		expect_code(im.p, im.len, NULL, "pe.cli.metadata-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		put_u32(im.p, im.lay.cli_off + CLI_MD_RVA, im.lay.text_rva + CLI_SIZE);
		put_u32(im.p, im.lay.cli_off + CLI_MD_SIZE, (uint32_t)im.md_len + 0x1000);
		expect_code(im.p, im.len, NULL, "pe.cli.metadata-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		clb = open_clb(im.p, im.len, NULL);
		comscan_clb_get_info(clb, &info);
		assert_int_equal(info.has_metadata, 0);
		comscan_clb_close(clb);
		img_free(&im);
	}
}

/* MetaData size (cli +12) one byte past .text's VirtualSize while still
 * inside SizeOfRawData: the range must fit both (clb.md 4.1 step 6). */
static void
test_cli_metadata_past_virtual_size(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		assert_true(text_vsize(&im) < text_raw_size(&im)); /* precondition */
		put_u32(im.p, im.lay.cli_off + CLI_MD_SIZE, (uint32_t)im.md_len + 1);
		expect_code(im.p, im.len, NULL, "pe.cli.metadata-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		img_free(&im);
	}
}

/* VirtualSize (section +8) grown past SizeOfRawData and MetaData size
 * (cli +12) reaching beyond the raw data but not beyond VirtualSize; a
 * second section's raw data follows in the file. */
static void
test_cli_metadata_beyond_raw_data(void **state)
{
	int v;
	(void)state;
	for (v = V_PE32; v <= V_PE32PLUS; v++) {
		pe_img im;
		img_variant(&im, v);
		(void)img_add_section(&im);
		put_u32(im.p, sec_hdr(&im, 0) + SEC_VSIZE, text_raw_size(&im) + 0x1000);
		put_u32(im.p, im.lay.cli_off + CLI_MD_SIZE, text_raw_size(&im) - CLI_SIZE + 4);
		expect_code(im.p, im.len, NULL, "pe.cli.metadata-out-of-bounds",
		    COMSCAN_CLASS_OUT_OF_BOUNDS, COMSCAN_SEVERITY_ERROR, im.lay.cli_off + CLI_MD_RVA);
		img_free(&im);
	}
}

/* ---- robustness ---------------------------------------------------------------- */

/* Every proper prefix (exact-size heap copy) scans to a well-formed,
 * corrupt report of the kind its first bytes say. */
static void
check_prefixes(bool plus)
{
	pe_img im;
	size_t n;
	img_build(&im, plus, false);
	for (n = 0; n < im.len; n++) {
		uint8_t *q = prefix_copy(im.p, n);
		comscan_report *r = NULL;
		comscan_clb *clb;
		assert_int_equal(comscan_scan_buffer(n ? q : NULL, n, NULL, &r), COMSCAN_OK);
		check_report(r, n);
		assert_int_equal(comscan_report_kind(r),
		    n == 0 ? COMSCAN_KIND_EMPTY : n == 1 ? COMSCAN_KIND_TEXT : COMSCAN_KIND_PE);
		if (comscan_findings_verdict(comscan_report_findings(r)) != COMSCAN_VERDICT_CORRUPT) {
			dump(comscan_report_findings(r));
			fail_msg("prefix of %zu of %zu bytes is not corrupt", n, im.len);
		}
		comscan_report_close(r);
		clb = open_clb(q, n, NULL);
		assert_int_equal(comscan_findings_verdict(comscan_clb_findings(clb)),
		    COMSCAN_VERDICT_CORRUPT);
		comscan_clb_close(clb);
		free(q);
	}
	img_free(&im);
}

/* Every prefix of the healthy PE32 image is corrupt and does not crash. */
static void
test_prefixes_pe32(void **state)
{
	(void)state;
	check_prefixes(false);
}

/* Every prefix of the healthy PE32+ image is corrupt and does not crash. */
static void
test_prefixes_pe32plus(void **state)
{
	(void)state;
	check_prefixes(true);
}

/* Each byte of the first 0x200 set to 0x00 and to 0xFF gives a well-formed
 * report; bytes no parser reads (the DOS stub 0x40..0x7F and the padding
 * after the section table) leave the image healthy. */
static void
check_byte_flips(bool plus)
{
	static const uint8_t values[] = { 0x00, 0xFF };
	pe_img im;
	size_t at, k;
	img_build(&im, plus, false);
	assert_true(im.len >= 0x200);
	for (at = 0; at < 0x200; at++) {
		for (k = 0; k < 2; k++) {
			uint8_t *q = prefix_copy(im.p, im.len);
			comscan_report *r = NULL;
			bool unread = (at >= DOS_HEADER_SIZE && at < im.lay.lfanew) ||
			    at >= im.lay.sections_off + SEC_HDR;
			q[at] = values[k];
			assert_int_equal(comscan_scan_buffer(q, im.len, NULL, &r), COMSCAN_OK);
			check_report(r, im.len);
			if (at >= 2)
				assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_PE);
			else
				assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_UNKNOWN);
			if (unread && comscan_findings_count(comscan_report_findings(r)) != 0) {
				dump(comscan_report_findings(r));
				fail_msg("byte 0x%zx = 0x%02x is never read but changed the report", at,
				    values[k]);
			}
			comscan_report_close(r);
			free(q);
		}
	}
	img_free(&im);
}

/* Single-byte changes in the PE32 headers never break the report. */
static void
test_byte_flips_pe32(void **state)
{
	(void)state;
	check_byte_flips(false);
}

/* Single-byte changes in the PE32+ headers never break the report. */
static void
test_byte_flips_pe32plus(void **state)
{
	(void)state;
	check_byte_flips(true);
}

/* ---- catalogue coverage (must run last) ---------------------------------------- */

/* Every pe.* code of the catalogue was raised by a test above. */
static void
test_every_pe_code_observed(void **state)
{
	size_t i, pe = 0, missing = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *ci = comscan_code_at(i);
		assert_non_null(ci);
		if (strncmp(ci->code, "pe.", 3) != 0)
			continue;
		pe++;
		if (!was_observed(ci->code)) {
			print_message("  pe code never observed: %s\n", ci->code);
			missing++;
		}
	}
	assert_null(comscan_code_at(comscan_code_count()));
	assert_true(pe >= 20);
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_pe32),
		cmocka_unit_test(test_healthy_pe32plus),
		cmocka_unit_test(test_healthy_native),
		cmocka_unit_test(test_healthy_two_sections),
		cmocka_unit_test(test_dos_truncated),
		cmocka_unit_test(test_lfanew_past_eof),
		cmocka_unit_test(test_lfanew_sign_bit),
		cmocka_unit_test(test_nt_signature_missing),
		cmocka_unit_test(test_coff_truncated),
		cmocka_unit_test(test_optional_truncated_before_magic),
		cmocka_unit_test(test_optional_truncated_inside),
		cmocka_unit_test(test_optional_bad_magic),
		cmocka_unit_test(test_optional_size_too_small),
		cmocka_unit_test(test_optional_nonstandard_larger),
		cmocka_unit_test(test_optional_nonstandard_fewer_dirs),
		cmocka_unit_test(test_alignment_not_power_of_two),
		cmocka_unit_test(test_alignment_bad_pair),
		cmocka_unit_test(test_sections_truncated),
		cmocka_unit_test(test_sections_limit_option),
		cmocka_unit_test(test_sections_limit_default),
		cmocka_unit_test(test_section_raw_past_eof),
		cmocka_unit_test(test_section_overlap_va),
		cmocka_unit_test(test_section_overlap_file),
		cmocka_unit_test(test_section_unaligned),
		cmocka_unit_test(test_cli_directory_size_small),
		cmocka_unit_test(test_cli_rva_outside_sections),
		cmocka_unit_test(test_cli_crosses_section_end),
		cmocka_unit_test(test_cli_beyond_raw_data),
		cmocka_unit_test(test_cli_cb_small),
		cmocka_unit_test(test_cli_legacy_runtime),
		cmocka_unit_test(test_cli_runtime_version),
		cmocka_unit_test(test_cli_directory_hidden),
		cmocka_unit_test(test_cli_unknown_flags),
		cmocka_unit_test(test_cli_known_flags_clean),
		cmocka_unit_test(test_cli_no_metadata),
		cmocka_unit_test(test_cli_metadata_outside_section),
		cmocka_unit_test(test_cli_metadata_past_virtual_size),
		cmocka_unit_test(test_cli_metadata_beyond_raw_data),
		cmocka_unit_test(test_prefixes_pe32),
		cmocka_unit_test(test_prefixes_pe32plus),
		cmocka_unit_test(test_byte_flips_pe32),
		cmocka_unit_test(test_byte_flips_pe32plus),
		cmocka_unit_test(test_every_pe_code_observed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
