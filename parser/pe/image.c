/*
 * image.c - PE/COFF image headers and the CLI header (ECMA-335 II.25).
 *
 *   0x00  DOS header (64 bytes): "MZ" ... e_lfanew (u32 at 0x3C)
 *   e_lfanew        "PE\0\0"
 *   e_lfanew + 4    COFF header (20): Machine u16, NumberOfSections u16,
 *                   TimeDateStamp, PointerToSymbolTable, NumberOfSymbols,
 *                   SizeOfOptionalHeader u16 (+16), Characteristics u16
 *   e_lfanew + 24   optional header: Magic 0x10B (PE32) / 0x20B (PE32+);
 *                   SectionAlignment u32 (+32), FileAlignment u32 (+36);
 *                   NumberOfRvaAndSizes u32 (+92 / +108); data directories
 *                   {u32 RVA, u32 Size} from +96 / +112; directory 14 is
 *                   the CLI header (II.25.2.3.3)
 *   then NumberOfSections section headers of 40 bytes (II.25.3):
 *                   Name[8], VirtualSize, VirtualAddress, SizeOfRawData,
 *                   PointerToRawData, ..., Characteristics (+36)
 *   CLI header (II.25.3.3, 72 bytes): cb u32, MajorRuntimeVersion u16,
 *                   MinorRuntimeVersion u16, MetaData {RVA, Size}, Flags u32,
 *                   EntryPointToken, then six more directories.
 *
 * RVA -> file offset: the whole range [rva, rva + len) must lie in one
 * section, inside both its VirtualSize (SizeOfRawData when VirtualSize is
 * 0) and its SizeOfRawData, and inside the file (the strictest of the rules
 * CoreCLR, SRM, DNMD and Mono apply).
 */
#include "pe/image.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/sort.h"

#define PE_SIGNATURE 0x00004550u /* "PE\0\0" */
#define PE32_MAGIC 0x10Bu
#define PE32PLUS_MAGIC 0x20Bu
#define DOS_HEADER_SIZE 64
#define COFF_HEADER_SIZE 20
#define SECTION_HEADER_SIZE 40
#define CLI_DIRECTORY 14
#define CLI_HEADER_SIZE 72
#define CLI_KNOWN_FLAGS 0x0003001Fu /* ILONLY 32BITREQUIRED IL_LIBRARY STRONGNAMESIGNED
                                       NATIVE_ENTRYPOINT TRACKDEBUGDATA 32BITPREFERRED */

/* Length of a section name: up to the first NUL of its 8 bytes. */
static size_t
name_length(const uint8_t raw[8])
{
	size_t n = 0;
	while (n < 8 && raw[n] != 0)
		n++;
	return n;
}

static uint32_t
section_span(const comscan_pe_section *s)
{
	return s->virtual_size ? s->virtual_size : s->raw_size;
}

/* Maps [rva, rva + len) to a window of file; false when no single
 * section holds all of it in both address space and file. */
static bool
map_range(const pe_image *img, const cs_cursor *file, uint32_t rva, uint32_t len, cs_cursor *out)
{
	size_t i;
	for (i = 0; i < img->nsections; i++) {
		const comscan_pe_section *s = &img->sections[i];
		uint32_t delta, span = section_span(s);
		if (rva < s->virtual_address || rva - s->virtual_address >= span)
			continue;
		delta = rva - s->virtual_address;
		if (len > span - delta || delta >= s->raw_size || len > s->raw_size - delta)
			return false;
		/* the section's raw data lies in the file, so offset + delta cannot wrap */
		if (!cs_cur_has(file, s->raw_offset, s->raw_size))
			return false;
		return cs_cur_window(file, (size_t)s->raw_offset + delta, len, out);
	}
	return false;
}

/* DOS header, PE signature, COFF header.  Sets *coff.  False to stop. */
static bool
parse_nt_headers(cs_ctx *ctx, const cs_cursor *file, pe_image *img, size_t *coff)
{
	uint32_t lfanew, sig;
	if (!cs_cur_u32_at(file, 0x3C, &lfanew)) {
		cs_emit(ctx, CS_PE_DOS_TRUNCATED, 0,
		    "file is %zu bytes, shorter than the 64-byte DOS header", file->size);
		return false;
	}
	if (!cs_cur_has(file, lfanew, 4)) {
		cs_emit(ctx, CS_PE_LFANEW_OOB, 0x3C,
		    "e_lfanew 0x%08X points past the end of the file (%zu bytes)", lfanew, file->size);
		return false;
	}
	(void)cs_cur_u32_at(file, lfanew, &sig);
	if (sig != PE_SIGNATURE) {
		cs_emit(ctx, CS_PE_NT_SIGNATURE, lfanew,
		    "no PE signature at e_lfanew 0x%X (found 0x%08X)", lfanew, sig);
		return false;
	}
	img->is_pe = true;
	*coff = (size_t)lfanew + 4;
	if (!cs_cur_has(file, *coff, COFF_HEADER_SIZE)) {
		cs_emit(ctx, CS_PE_COFF_TRUNCATED, *coff, "file ends inside the COFF file header");
		return false;
	}
	(void)cs_cur_u16_at(file, *coff, &img->info.machine);
	(void)cs_cur_u16_at(file, *coff + 2, &img->info.section_count);
	return true;
}

/* Optional header: magic, sizes, alignments, the CLI directory.  Sets
 * *sections to the section table offset.  False to stop. */
static bool
parse_optional_header(cs_ctx *ctx, const cs_cursor *file, pe_image *img, size_t coff,
    size_t *sections)
{
	size_t opt = coff + COFF_HEADER_SIZE, fixed;
	uint16_t opt_size = 0, magic = 0;
	uint32_t ndirs = 0, need;

	(void)cs_cur_u16_at(file, coff + 16, &opt_size);
	if (!cs_cur_u16_at(file, opt, &magic)) {
		cs_emit(ctx, CS_PE_OPTIONAL_TRUNCATED, opt, "file ends before the optional header");
		return false;
	}
	if (magic != PE32_MAGIC && magic != PE32PLUS_MAGIC) {
		cs_emit(ctx, CS_PE_OPTIONAL_MAGIC, opt,
		    "optional header magic 0x%04X is neither 0x10B nor 0x20B", magic);
		return false;
	}
	img->info.pe32plus = magic == PE32PLUS_MAGIC;
	fixed = img->info.pe32plus ? 112 : 96;
	if (!cs_cur_has(file, opt, opt_size) || !cs_cur_has(file, opt, fixed)) {
		cs_emit(ctx, CS_PE_OPTIONAL_TRUNCATED, opt,
		    "file ends inside the %s optional header (SizeOfOptionalHeader %u)",
		    img->info.pe32plus ? "PE32+" : "PE32", opt_size);
		return false;
	}
	(void)cs_cur_u32_at(file, opt + fixed - 4, &ndirs);
	need = (uint32_t)fixed + 8u * (ndirs < 16 ? ndirs : 16);
	if (opt_size < need) {
		cs_emit(ctx, CS_PE_OPTIONAL_SIZE_SMALL, coff + 16,
		    "SizeOfOptionalHeader %u is smaller than the %u bytes its %u data directories need",
		    opt_size, need, ndirs);
		return false;
	}
	if (opt_size != (img->info.pe32plus ? 240 : 224))
		cs_emit(ctx, CS_PE_OPTIONAL_SIZE_ODD, coff + 16,
		    "SizeOfOptionalHeader is %u, not %u", opt_size, img->info.pe32plus ? 240 : 224);
	(void)cs_cur_u32_at(file, opt + 32, &img->section_alignment);
	(void)cs_cur_u32_at(file, opt + 36, &img->file_alignment);
	{
		uint32_t fa = img->file_alignment, sa = img->section_alignment;
		bool fa_pow2 = fa != 0 && (fa & (fa - 1)) == 0;
		bool sa_pow2 = sa != 0 && (sa & (sa - 1)) == 0;
		if (!fa_pow2 || !sa_pow2 || (fa < 512 && fa != sa) || sa < fa)
			cs_emit(ctx, CS_PE_OPTIONAL_ALIGNMENT, opt + 32,
			    "SectionAlignment 0x%X / FileAlignment 0x%X are not a valid pair", sa, fa);
	}
	img->cli_dir_off = opt + fixed + 8 * CLI_DIRECTORY;
	if (ndirs > CLI_DIRECTORY) {
		(void)cs_cur_u32_at(file, img->cli_dir_off, &img->info.cli_rva);
		(void)cs_cur_u32_at(file, img->cli_dir_off + 4, &img->info.cli_size);
	} else if (opt_size >= fixed + 8 * (CLI_DIRECTORY + 1)) {
		/* the slot exists in the header but the count leaves it out */
		uint32_t rva = 0, size = 0;
		(void)cs_cur_u32_at(file, img->cli_dir_off, &rva);
		(void)cs_cur_u32_at(file, img->cli_dir_off + 4, &size);
		if (rva != 0 || size != 0)
			cs_emit(ctx, CS_PE_OPTIONAL_CLI_HIDDEN, img->cli_dir_off,
			    "data directory 14 holds RVA 0x%X size 0x%X but NumberOfRvaAndSizes is %u",
			    rva, size, ndirs);
	}
	*sections = opt + opt_size;
	return true;
}

/* Reads up to NumberOfSections (capped by max_pe_sections and by the
 * bytes present) section headers. */
static void
parse_sections(cs_ctx *ctx, const cs_cursor *file, pe_image *img, size_t at)
{
	size_t n = img->info.section_count, fit, i;
	if (n > ctx->limits.max_pe_sections) {
		cs_emit(ctx, CS_PE_SECTIONS_LIMIT, at,
		    "%zu sections declared; only the first %u (max_pe_sections) are parsed", n,
		    (unsigned)ctx->limits.max_pe_sections);
		n = ctx->limits.max_pe_sections;
	}
	fit = at <= file->size ? (file->size - at) / SECTION_HEADER_SIZE : 0;
	if (n > fit) {
		cs_emit(ctx, CS_PE_SECTIONS_TRUNCATED, at,
		    "file holds %zu of the %zu section headers declared", fit, n);
		n = fit;
	}
	if (n == 0)
		return;
	img->sections = cs_ctx_calloc(ctx, n, sizeof *img->sections);
	if (img->sections == NULL)
		return;
	for (i = 0; i < n; i++) {
		comscan_pe_section *s = &img->sections[i];
		size_t h = at + i * SECTION_HEADER_SIZE;
		uint8_t raw[8];
		(void)cs_cur_copy_at(file, h, raw, 8);
		cs_escape(s->name, sizeof s->name, raw, name_length(raw));
		(void)cs_cur_u32_at(file, h + 8, &s->virtual_size);
		(void)cs_cur_u32_at(file, h + 12, &s->virtual_address);
		(void)cs_cur_u32_at(file, h + 16, &s->raw_size);
		(void)cs_cur_u32_at(file, h + 20, &s->raw_offset);
		(void)cs_cur_u32_at(file, h + 36, &s->characteristics);
	}
	img->nsections = n;
}

/* Per-section file bounds and alignment. */
static void
check_section_bounds(cs_ctx *ctx, const cs_cursor *file, const pe_image *img, size_t at)
{
	size_t i;
	for (i = 0; i < img->nsections; i++) {
		const comscan_pe_section *s = &img->sections[i];
		size_t h = at + i * SECTION_HEADER_SIZE;
		if (s->raw_size > 0 && !cs_cur_has(file, s->raw_offset, s->raw_size))
			cs_emit(ctx, CS_PE_SECTION_RAW_OOB, h + 16,
			    "section \"%s\" raw data [0x%X, +0x%X) runs past the end of the file "
			    "(%zu bytes)", s->name, s->raw_offset, s->raw_size, file->size);
		if (img->section_alignment != 0 &&
		    (img->section_alignment & (img->section_alignment - 1)) == 0 &&
		    s->virtual_address % img->section_alignment != 0)
			cs_emit(ctx, CS_PE_SECTION_UNALIGNED, h + 12,
			    "section \"%s\" VirtualAddress 0x%X is not a multiple of SectionAlignment "
			    "0x%X", s->name, s->virtual_address, img->section_alignment);
	}
}

typedef struct span {
	uint64_t start, end;
	size_t index;
} span;

static int
span_cmp(const void *a, const void *b)
{
	const span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Reports sections whose ranges (address space, or file) overlap. */
static void
check_overlaps(cs_ctx *ctx, const pe_image *img, size_t at, bool in_file)
{
	span *v;
	size_t i, n = 0, far = 0;
	uint64_t far_end = 0;
	if (img->nsections < 2)
		return;
	v = cs_ctx_calloc(ctx, img->nsections, sizeof *v);
	if (v == NULL)
		return;
	for (i = 0; i < img->nsections; i++) {
		const comscan_pe_section *s = &img->sections[i];
		uint64_t start = in_file ? s->raw_offset : s->virtual_address;
		uint64_t len = in_file ? s->raw_size : section_span(s);
		if (len > 0)
			v[n++] = (span){ start, start + len, i };
	}
	if (!cs_sort(ctx, v, n, sizeof *v, span_cmp)) {
		cs_ctx_free(ctx, v);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && v[i].start < far_end) {
			const comscan_pe_section *s = &img->sections[v[i].index];
			const comscan_pe_section *t = &img->sections[v[far].index];
			cs_emit(ctx, CS_PE_SECTION_OVERLAP, at + v[i].index * SECTION_HEADER_SIZE,
			    "section \"%s\" overlaps section \"%s\" in the %s", s->name, t->name,
			    in_file ? "file" : "address space");
		}
		if (v[i].end > far_end) {
			far_end = v[i].end;
			far = i;
		}
	}
	cs_ctx_free(ctx, v);
}

/* CLI header and metadata location (II.25.3.3). */
static void
parse_cli_header(cs_ctx *ctx, const cs_cursor *file, pe_image *img)
{
	comscan_pe_info *pi = &img->info;
	cs_cursor cli;
	uint32_t cb = 0;
	if (pi->cli_rva == 0 && pi->cli_size == 0)
		return; /* a native image: no CLI metadata */
	if (pi->cli_size < CLI_HEADER_SIZE) {
		cs_emit(ctx, CS_PE_CLI_SIZE, cs_cur_abs_at(file, img->cli_dir_off),
		    "CLI header directory size is %u, less than %u", pi->cli_size, CLI_HEADER_SIZE);
		return;
	}
	if (!map_range(img, file, pi->cli_rva, pi->cli_size, &cli)) {
		cs_emit(ctx, CS_PE_CLI_OOB, cs_cur_abs_at(file, img->cli_dir_off),
		    "CLI header [RVA 0x%X, +0x%X) is not inside one section's raw data",
		    pi->cli_rva, pi->cli_size);
		return;
	}
	pi->has_cli = 1;
	(void)cs_cur_u32_at(&cli, 0, &cb);
	(void)cs_cur_u16_at(&cli, 4, &pi->runtime_major);
	(void)cs_cur_u16_at(&cli, 6, &pi->runtime_minor);
	(void)cs_cur_u32_at(&cli, 8, &pi->metadata_rva);
	(void)cs_cur_u32_at(&cli, 12, &pi->metadata_size);
	(void)cs_cur_u32_at(&cli, 16, &pi->cli_flags);
	if (cb < CLI_HEADER_SIZE)
		cs_emit(ctx, CS_PE_CLI_SIZE, cs_cur_abs_at(&cli, 0),
		    "CLI header cb is %u, less than %u", cb, CLI_HEADER_SIZE);
	if (pi->runtime_major == 1)
		cs_emit(ctx, CS_PE_CLI_LEGACY, cs_cur_abs_at(&cli, 4),
		    "MajorRuntimeVersion 1.%u: a COM+ 1.0 pre-release image", pi->runtime_minor);
	else if (pi->runtime_major != 2) /* II.25.3.3: "shall be 2" */
		cs_emit(ctx, CS_PE_CLI_RUNTIME_VERSION, cs_cur_abs_at(&cli, 4),
		    "MajorRuntimeVersion is %u.%u; only 2 is defined", pi->runtime_major,
		    pi->runtime_minor);
	if (pi->cli_flags & ~CLI_KNOWN_FLAGS)
		cs_emit(ctx, CS_PE_CLI_FLAGS, cs_cur_abs_at(&cli, 16),
		    "CLI flags 0x%08X have undefined bits 0x%08X", pi->cli_flags,
		    pi->cli_flags & ~CLI_KNOWN_FLAGS);
	if (pi->metadata_rva == 0 || pi->metadata_size == 0) {
		cs_emit(ctx, CS_PE_CLI_NO_METADATA, cs_cur_abs_at(&cli, 8),
		    "CLI header MetaData directory is empty (RVA 0x%X, size 0x%X)",
		    pi->metadata_rva, pi->metadata_size);
		return;
	}
	if (!map_range(img, file, pi->metadata_rva, pi->metadata_size, &img->metadata)) {
		cs_emit(ctx, CS_PE_CLI_METADATA_OOB, cs_cur_abs_at(&cli, 8),
		    "metadata [RVA 0x%X, +0x%X) is not inside one section's raw data",
		    pi->metadata_rva, pi->metadata_size);
		return;
	}
	img->has_metadata = true;
}

void
pe_image_parse(cs_ctx *ctx, const cs_cursor *file, pe_image *img)
{
	size_t coff, sections;
	memset(img, 0, sizeof *img);
	if (!parse_nt_headers(ctx, file, img, &coff) ||
	    !parse_optional_header(ctx, file, img, coff, &sections))
		return;
	parse_sections(ctx, file, img, sections);
	if (ctx->nomem)
		return;
	check_section_bounds(ctx, file, img, sections);
	check_overlaps(ctx, img, sections, false);
	check_overlaps(ctx, img, sections, true);
	parse_cli_header(ctx, file, img);
}

void
pe_image_free(cs_ctx *ctx, pe_image *img)
{
	cs_ctx_free(ctx, img->sections);
	img->sections = NULL;
	img->nsections = 0;
}
