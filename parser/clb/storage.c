/*
 * storage.c - metadata root: storage signature, storage header and stream
 * directory (ECMA-335 II.24.2.1 and II.24.2.2).
 *
 *   off  size  field
 *   0    4     Signature       0x424A5342 "BSJB" (legacy complib: "COM+")
 *   4    2     MajorVersion    1
 *   6    2     MinorVersion    1
 *   8    4     Reserved        0
 *   12   4     Length x        version-string bytes incl. NUL and padding
 *   16   x     Version         UTF-8, NUL-terminated, padded to 4
 *   16+x 1     Flags           STGHDR_EXTRADATA = 0x01 (complib)
 *   17+x 1     pad
 *   18+x 2     Streams n
 *   [if Flags & 1: u32 cb, then cb bytes of extra data (complib writer)]
 *   n x { u32 Offset (from the root); u32 Size; Name: ASCII, NUL, padded
 *         to a 4-byte boundary, NUL within 32 bytes }
 *
 * Two reading modes.  Image (PE) metadata follows CoreCLR's image rules:
 * exact stream names, Flags must be 0.  A stand-alone .clb follows the
 * complib read/write reader (CoreCLR TiggerStorage): names compared
 * case-insensitively, the first of a duplicated name wins, STGHDR_EXTRADATA
 * honoured.  Both modes report everything strict mode would.
 */
#include <stdlib.h>
#include <string.h>

#include "clb/metadata.h"
#include "core/alloc.h"
#include "core/sort.h"
#include "core/ucase.h"
#include "core/utf8.h"

#define BSJB_SIGNATURE 0x424A5342u   /* "BSJB", II.24.2.1 */
#define COMPLIB_SIGNATURE 0x2B4D4F43u /* "COM+", CoreCLR STORAGE_MAGIC_OLD_SIG */
#define STGHDR_EXTRADATA 0x01u
#define MAX_STREAM_NAME 32            /* II.24.2.2; CoreCLR MAXSTREAMNAME */
#define MAX_VERSION_LENGTH 256        /* II.24.2.1: m <= 255, rounded up to 4 */

/* Known names, listed in clb_role order so known_streams[role - 1] names
 * the role (CoreCLR mdcommon.h, System.Reflection.Metadata COR20Constants). */
static const struct {
	const char *name;
	clb_role role;
} known_streams[] = {
	{ "#~", CLB_ROLE_TABLES }, { "#-", CLB_ROLE_TABLES_UNCOMP },
	{ "#Strings", CLB_ROLE_STRINGS }, { "#US", CLB_ROLE_US },
	{ "#Blob", CLB_ROLE_BLOB }, { "#GUID", CLB_ROLE_GUID },
	{ "#Schema", CLB_ROLE_SCHEMA }, { "#JTD", CLB_ROLE_JTD },
	{ "#Pdb", CLB_ROLE_PDB },
};

static uint64_t
abs_at(const clb_md *md, size_t off)
{
	return cs_cur_abs_at(&md->root, off);
}

/* Signature and the 16-byte fixed part.  False when parsing must stop. */
static bool
parse_signature(cs_ctx *ctx, clb_md *md)
{
	uint32_t sig, reserved;
	if (!cs_cur_u32_at(&md->root, 0, &sig)) {
		cs_emit(ctx, CS_CLB_HEADER_TRUNCATED, abs_at(md, 0),
		    "metadata is %zu bytes, shorter than the 4-byte storage signature",
		    md->root.size);
		return false;
	}
	if (sig == COMPLIB_SIGNATURE) {
		cs_emit(ctx, CS_CLB_SIGNATURE_LEGACY, abs_at(md, 0),
		    "legacy complib signature 'COM+' (0x2B4D4F43) instead of 'BSJB': "
		    "pre-release COM+ storage format, not parsed further");
		return false;
	}
	if (sig != BSJB_SIGNATURE) {
		cs_emit(ctx, CS_CLB_SIGNATURE_BAD, abs_at(md, 0),
		    "metadata root starts with 0x%08X, not the storage signature 'BSJB'", sig);
		return false;
	}
	md->has_root = true;
	if (!cs_cur_has(&md->root, 0, 16)) {
		cs_emit(ctx, CS_CLB_HEADER_TRUNCATED, abs_at(md, 0),
		    "metadata is %zu bytes, shorter than the 16-byte storage signature",
		    md->root.size);
		return false;
	}
	(void)cs_cur_u16_at(&md->root, 4, &md->major);
	(void)cs_cur_u16_at(&md->root, 6, &md->minor);
	(void)cs_cur_u32_at(&md->root, 8, &reserved);
	/* II.24.2.1 MajorVersion 1, MinorVersion 1; CoreCLR VerifySignature */
	if (md->major != 1 || md->minor != 1)
		cs_emit(ctx, CS_CLB_HEADER_VERSION, abs_at(md, 4),
		    "storage version %u.%u; only 1.1 is readable", md->major, md->minor);
	if (reserved != 0)
		cs_emit(ctx, CS_CLB_HEADER_RESERVED, abs_at(md, 8),
		    "storage signature Reserved is 0x%08X, not 0", reserved);
	return true;
}

/* Version string at 16 (II.24.2.1).  Sets *after to 16 + x, where CoreCLR
 * reads the storage header.  False when parsing must stop. */
static bool
parse_version(cs_ctx *ctx, clb_md *md, size_t *after)
{
	uint8_t text[MAX_VERSION_LENGTH];
	uint32_t x = 0;
	size_t nul, scan, i, shown;
	bool terminated;

	(void)cs_cur_u32_at(&md->root, 12, &x); /* present: checked by the caller */
	if (x > md->root.size - 16) {
		cs_emit(ctx, CS_CLB_VERSION_OOB, abs_at(md, 12),
		    "version-string length %u runs past the end of the metadata (%zu bytes left)",
		    x, md->root.size - 16);
		return false;
	}
	if (x == 0 || x > MAX_VERSION_LENGTH)
		cs_emit(ctx, CS_CLB_VERSION_LENGTH, abs_at(md, 12),
		    "version-string length %u is outside 4..%u", x, MAX_VERSION_LENGTH);
	if (x % 4 != 0)
		cs_emit(ctx, CS_CLB_VERSION_UNALIGNED, abs_at(md, 12),
		    "version-string length %u is not a multiple of 4; the storage header "
		    "is read at offset %u as CoreCLR does", x, 16 + x);
	*after = 16 + (size_t)x;

	/* the NUL must lie within x bytes and at index <= 254 (m <= 255) */
	scan = x < MAX_VERSION_LENGTH - 1 ? x : MAX_VERSION_LENGTH - 1;
	terminated = cs_cur_find_byte(&md->root, 16, scan, 0, &nul);
	if (!terminated && x > 0) {
		cs_emit(ctx, CS_CLB_VERSION_UNTERMINATED, abs_at(md, 16),
		    "version string has no NUL within its first %zu bytes", scan);
	}
	if (!terminated)
		nul = 16 + scan;
	shown = nul - 16;
	(void)cs_cur_copy_at(&md->root, 16, text, shown);
	cs_escape(md->version, sizeof md->version, text, shown);
	if (!cs_utf8_valid_range(&md->root, 16, shown))
		cs_emit(ctx, CS_CLB_VERSION_UTF8, abs_at(md, 16),
		    "version string \"%s\" is not valid UTF-8", md->version);
	if (terminated) {
		for (i = nul + 1; i < 16 + (size_t)x; i++) {
			uint8_t b = 0;
			(void)cs_cur_u8_at(&md->root, i, &b);
			if (b != 0) {
				cs_emit(ctx, CS_CLB_VERSION_PADDING, abs_at(md, i),
				    "version-string padding byte is 0x%02X, not 0", b);
				break;
			}
		}
	}
	return true;
}

/* Storage header at off (flags, pad, stream count, optional extra data).
 * Sets *dir to the first stream header.  False when parsing must stop. */
static bool
parse_storage_header(cs_ctx *ctx, clb_md *md, size_t off, size_t *dir, uint16_t *nstreams)
{
	uint8_t pad;
	uint32_t cb;
	if (!cs_cur_u8_at(&md->root, off, &md->flags) || !cs_cur_u8_at(&md->root, off + 1, &pad) ||
	    !cs_cur_u16_at(&md->root, off + 2, nstreams)) {
		cs_emit(ctx, CS_CLB_HEADER_TRUNCATED, abs_at(md, off),
		    "metadata ends inside the 4-byte storage header at root offset %zu", off);
		return false;
	}
	if (md->flags & ~STGHDR_EXTRADATA)
		cs_emit(ctx, CS_CLB_FLAGS_UNKNOWN, abs_at(md, off),
		    "storage flags 0x%02X have undefined bits 0x%02X", md->flags,
		    md->flags & ~STGHDR_EXTRADATA);
	if (pad != 0)
		cs_emit(ctx, CS_CLB_PAD_NONZERO, abs_at(md, off + 1),
		    "storage header pad byte is 0x%02X", pad);
	*dir = off + 4;
	if (!(md->flags & STGHDR_EXTRADATA))
		return true;
	if (md->in_image)
		cs_emit(ctx, CS_CLB_EXTRA_IN_IMAGE, abs_at(md, off),
		    "image metadata sets STGHDR_EXTRADATA; CoreCLR requires storage flags 0");
	if (!cs_cur_u32_at(&md->root, off + 4, &cb)) {
		cs_emit(ctx, CS_CLB_EXTRA_OOB, abs_at(md, off + 4),
		    "STGHDR_EXTRADATA is set but the metadata ends before its 4-byte length");
		return false;
	}
	if (cb > md->root.size - (off + 8)) {
		cs_emit(ctx, CS_CLB_EXTRA_OOB, abs_at(md, off + 4),
		    "extra data of %u bytes runs past the end of the metadata (%zu bytes left)",
		    cb, md->root.size - (off + 8));
		return false;
	}
	if (cb % 4 != 0)
		cs_emit(ctx, CS_CLB_EXTRA_UNALIGNED, abs_at(md, off + 4),
		    "extra data length %u is not a multiple of 4", cb);
	if (!md->in_image)
		cs_emit(ctx, CS_CLB_EXTRA_PRESENT, abs_at(md, off + 4),
		    "storage header carries %u bytes of STGHDR_EXTRADATA, skipped", cb);
	md->extra_size = cb;
	*dir = off + 8 + cb;
	return true;
}

/* Appends one stream header record; false on allocation failure. */
static bool
add_stream(cs_ctx *ctx, clb_md *md, const clb_stream *s)
{
	if (!cs_grow(ctx->alloc, (void **)&md->streams, &md->streams_cap, md->nstreams + 1,
		sizeof *md->streams)) {
		ctx->nomem = true;
		return false;
	}
	md->streams[md->nstreams++] = *s;
	return true;
}

/* Stream headers from dir on (II.24.2.2).  Stops at the first header that
 * cannot be delimited.  Sets md->header_end. */
static void
parse_stream_headers(cs_ctx *ctx, clb_md *md, size_t count_off, size_t dir, uint16_t declared)
{
	size_t pos = dir, nul, namelen, hdrlen, i, n = declared;
	clb_stream s;

	if (declared == 0)
		cs_emit(ctx, CS_CLB_STREAMS_NONE, abs_at(md, count_off),
		    "storage header declares 0 streams");
	if (n > ctx->limits.max_streams) {
		cs_emit(ctx, CS_CLB_STREAMS_LIMIT, abs_at(md, count_off),
		    "%u streams declared; only the first %u (max_streams) are parsed",
		    (unsigned)declared, (unsigned)ctx->limits.max_streams);
		n = ctx->limits.max_streams;
	}
	for (i = 0; i < n && !ctx->nomem; i++) {
		memset(&s, 0, sizeof s);
		s.hdr_abs = abs_at(md, pos);
		if (!cs_cur_u32_at(&md->root, pos, &s.offset) ||
		    !cs_cur_u32_at(&md->root, pos + 4, &s.size)) {
			cs_emit(ctx, CS_CLB_STREAM_HDR_TRUNCATED, s.hdr_abs,
			    "metadata ends inside stream header %zu of %u", i + 1, (unsigned)declared);
			break;
		}
		if (!cs_cur_find_byte(&md->root, pos + 8, MAX_STREAM_NAME, 0, &nul)) {
			if (cs_cur_has(&md->root, pos + 8, MAX_STREAM_NAME))
				cs_emit(ctx, CS_CLB_STREAM_NAME_UNTERMINATED, abs_at(md, pos + 8),
				    "stream header %zu: name has no NUL within 32 bytes", i + 1);
			else
				cs_emit(ctx, CS_CLB_STREAM_HDR_TRUNCATED, abs_at(md, pos + 8),
				    "metadata ends inside the name of stream header %zu", i + 1);
			break;
		}
		namelen = nul - (pos + 8);
		(void)cs_cur_copy_at(&md->root, pos + 8, s.name, namelen);
		s.name[namelen] = '\0';
		cs_escape(s.shown, sizeof s.shown, (const uint8_t *)s.name, namelen);
		hdrlen = 8 + ((namelen + 1 + 3) & ~(size_t)3);
		if (!cs_cur_has(&md->root, pos, hdrlen)) {
			cs_emit(ctx, CS_CLB_STREAM_HDR_TRUNCATED, abs_at(md, pos),
			    "metadata ends inside the name padding of stream \"%s\"", s.shown);
			break;
		}
		if (namelen == 0)
			cs_emit(ctx, CS_CLB_STREAM_NAME_EMPTY, abs_at(md, pos + 8),
			    "stream header %zu has an empty name", i + 1);
		if (!add_stream(ctx, md, &s))
			return;
		pos += hdrlen;
	}
	md->header_end = pos;
}

/* Offset/size bounds and alignment of every stream (II.24.2.2). */
static void
check_stream_extents(cs_ctx *ctx, clb_md *md)
{
	size_t i;
	for (i = 0; i < md->nstreams; i++) {
		clb_stream *s = &md->streams[i];
		if (s->offset > md->root.size || s->size > md->root.size - s->offset) {
			cs_emit(ctx, CS_CLB_STREAM_OOB, s->hdr_abs,
			    "stream \"%s\" at offset 0x%X with size 0x%X runs past the end of the "
			    "metadata (0x%zX bytes)", s->shown, s->offset, s->size, md->root.size);
			continue;
		}
		s->in_bounds = true;
		if (s->size % 4 != 0)
			cs_emit(ctx, CS_CLB_STREAM_SIZE_UNALIGNED, s->hdr_abs + 4,
			    "stream \"%s\" size 0x%X is not a multiple of 4", s->shown, s->size);
		if (s->offset % 4 != 0)
			cs_emit(ctx, CS_CLB_STREAM_OFFSET_UNALIGNED, s->hdr_abs,
			    "stream \"%s\" offset 0x%X is not a multiple of 4", s->shown, s->offset);
		if (s->size > 0 && s->offset < md->header_end)
			cs_emit(ctx, CS_CLB_STREAM_OVERLAPS_HEADER, s->hdr_abs,
			    "stream \"%s\" starts at 0x%X, inside the headers that end at 0x%zX",
			    s->shown, s->offset, md->header_end);
	}
}

typedef struct extent {
	uint32_t offset, size;
	size_t index;
} extent;

static int
extent_cmp(const void *a, const void *b)
{
	const extent *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

/* Non-empty in-bounds streams must not share bytes (CoreCLR PEDecoder). */
static void
check_stream_overlaps(cs_ctx *ctx, clb_md *md)
{
	extent *v;
	size_t i, n = 0, far = 0;
	uint64_t far_end = 0;
	if (md->nstreams < 2)
		return;
	v = cs_ctx_calloc(ctx, md->nstreams, sizeof *v);
	if (v == NULL)
		return;
	for (i = 0; i < md->nstreams; i++)
		if (md->streams[i].in_bounds && md->streams[i].size > 0)
			v[n++] = (extent){ md->streams[i].offset, md->streams[i].size, i };
	if (!cs_sort(ctx, v, n, sizeof *v, extent_cmp)) {
		cs_ctx_free(ctx, v);
		return;
	}
	for (i = 0; i < n; i++) {
		uint64_t end = (uint64_t)v[i].offset + v[i].size;
		if (i > 0 && v[i].offset < far_end) {
			const clb_stream *s = &md->streams[v[i].index];
			const clb_stream *t = &md->streams[v[far].index];
			cs_emit(ctx, CS_CLB_STREAM_OVERLAP, s->hdr_abs,
			    "stream \"%s\" [0x%X, 0x%llX) overlaps stream \"%s\" [0x%X, 0x%llX)",
			    s->shown, s->offset, (unsigned long long)end, t->shown, t->offset,
			    (unsigned long long)far_end);
		}
		if (end > far_end) {
			far_end = end;
			far = i;
		}
	}
	cs_ctx_free(ctx, v);
}

/* A truncated file, as opposed to one bad size field: the streams, sorted
 * by offset, tile the data from the end of the headers on (each starts at
 * the 4-aligned end of the previous one) and at least one of them starts
 * at or past the end of the data.  A cut inside the last stream cannot be
 * told from a bad size and stays an out-of-bounds finding. */
static void
check_truncation(cs_ctx *ctx, clb_md *md)
{
	extent *v;
	size_t i, n = 0;
	uint64_t expect = md->header_end, end = 0, last_start = 0;
	bool contiguous = true;
	v = cs_ctx_calloc(ctx, md->nstreams ? md->nstreams : 1, sizeof *v);
	if (v == NULL)
		return;
	for (i = 0; i < md->nstreams; i++)
		if (md->streams[i].size > 0)
			v[n++] = (extent){ md->streams[i].offset, md->streams[i].size, i };
	if (!cs_sort(ctx, v, n, sizeof *v, extent_cmp)) {
		cs_ctx_free(ctx, v);
		return;
	}
	for (i = 0; i < n && contiguous; i++) {
		contiguous = v[i].offset == expect;
		last_start = v[i].offset;
		end = (uint64_t)v[i].offset + v[i].size;
		expect = (end + 3) & ~(uint64_t)3;
	}
	if (n > 0 && contiguous && last_start >= md->root.size)
		cs_emit(ctx, CS_CLB_FILE_TRUNCATED, cs_cur_abs_at(&md->root, md->root.size),
		    "data ends at 0x%zX but its %zu contiguous streams extend to 0x%llX: "
		    "0x%llX bytes are missing", md->root.size, n, (unsigned long long)end,
		    (unsigned long long)(end - md->root.size));
	cs_ctx_free(ctx, v);
}

/* The role a stream name has under the current mode; sets *case_only when
 * it matched only case-insensitively. */
static clb_role
name_role(const clb_md *md, const char *name, bool *case_only)
{
	size_t k;
	*case_only = false;
	for (k = 0; k < sizeof known_streams / sizeof known_streams[0]; k++) {
		if (strcmp(name, known_streams[k].name) == 0)
			return known_streams[k].role;
		if (!md->in_image && cs_ascii_icmp(name, known_streams[k].name) == 0) {
			*case_only = true;
			return known_streams[k].role;
		}
	}
	return CLB_ROLE_UNKNOWN;
}

typedef struct named {
	const char *name;
	size_t index;
} named;

static int
named_cmp_exact(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int
named_cmp_case(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = cs_ascii_icmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Every name that occurs twice (exact in images, case-insensitive in
 * complib files) is a duplicate. */
static void
check_duplicate_names(cs_ctx *ctx, clb_md *md)
{
	named *v;
	size_t i;
	if (md->nstreams < 2)
		return;
	v = cs_ctx_calloc(ctx, md->nstreams, sizeof *v);
	if (v == NULL)
		return;
	for (i = 0; i < md->nstreams; i++)
		v[i] = (named){ md->streams[i].name, i };
	qsort(v, md->nstreams, sizeof *v, md->in_image ? named_cmp_exact : named_cmp_case);
	for (i = 1; i < md->nstreams; i++) {
		const clb_stream *s = &md->streams[v[i].index];
		const clb_stream *first = &md->streams[v[i - 1].index];
		bool same = md->in_image ? strcmp(s->name, first->name) == 0
		                         : cs_ascii_icmp(s->name, first->name) == 0;
		if (same && s->name[0] != '\0')
			cs_emit(ctx, CS_CLB_STREAM_DUPLICATE, s->hdr_abs,
			    "stream \"%s\" occurs again (first header at 0x%llX); %s", s->shown,
			    (unsigned long long)first->hdr_abs,
			    md->in_image ? "the image reader uses the last one"
			                 : "the complib reader uses the first one");
	}
	cs_ctx_free(ctx, v);
}

/* Assigns roles: complib takes the first stream of a name, images the last. */
static void
assign_roles(cs_ctx *ctx, clb_md *md)
{
	size_t i;
	bool case_only;
	for (i = 0; i < CLB_ROLE_COUNT; i++)
		md->role_stream[i] = -1;
	for (i = 0; i < md->nstreams; i++) {
		clb_stream *s = &md->streams[i];
		clb_role role = name_role(md, s->name, &case_only);
		s->role = (uint8_t)role;
		if (role == CLB_ROLE_UNKNOWN) {
			if (s->name[0] != '\0')
				cs_emit(ctx, CS_CLB_STREAM_UNKNOWN, s->hdr_abs,
				    "stream \"%s\" (offset 0x%X, size 0x%X) has an unknown name",
				    s->shown, s->offset, s->size);
			continue;
		}
		if (case_only)
			cs_emit(ctx, CS_CLB_STREAM_NAME_CASE, s->hdr_abs,
			    "stream \"%s\" is matched case-insensitively as %s", s->shown,
			    known_streams[role - 1].name);
		if (md->role_stream[role] < 0 || md->in_image)
			md->role_stream[role] = (int)i;
	}
}

/* Decides the table stream and the heaps from the roles. */
static void
select_streams(cs_ctx *ctx, clb_md *md)
{
	int t = md->role_stream[CLB_ROLE_TABLES], u = md->role_stream[CLB_ROLE_TABLES_UNCOMP];
	int r;
	clb_heap *heaps[CLB_ROLE_COUNT] = { 0 };

	if (t >= 0 && u >= 0) {
		cs_emit(ctx, CS_CLB_STREAM_TWO_TABLES, md->streams[u].hdr_abs,
		    "both #~ and #- table streams are present; #~ is used");
		md->role_stream[CLB_ROLE_TABLES_UNCOMP] = -1;
		u = -1;
	}
	if (t < 0 && u < 0)
		cs_emit(ctx, CS_CLB_STREAM_NO_TABLES, abs_at(md, 0),
		    "no #~ or #- table stream among %zu streams", md->nstreams);
	r = md->role_stream[CLB_ROLE_JTD];
	if (r >= 0) {
		if (u < 0)
			cs_emit(ctx, CS_CLB_STREAM_JTD, md->streams[r].hdr_abs,
			    "#JTD stream without a #- table stream");
		else
			md->jtd = true;
	}
	r = md->role_stream[CLB_ROLE_SCHEMA];
	if (r >= 0)
		cs_emit(ctx, CS_CLB_SCHEMA_PRESENT, md->streams[r].hdr_abs,
		    "#Schema stream at offset 0x%X, size 0x%X: complib catalog schema, "
		    "bounds-checked, not interpreted", md->streams[r].offset, md->streams[r].size);

	heaps[CLB_ROLE_STRINGS] = &md->strings;
	heaps[CLB_ROLE_US] = &md->us;
	heaps[CLB_ROLE_BLOB] = &md->blob;
	heaps[CLB_ROLE_GUID] = &md->guid;
	for (r = 0; r < CLB_ROLE_COUNT; r++) {
		int i = md->role_stream[r];
		clb_stream *s;
		if (i < 0)
			continue;
		s = &md->streams[i];
		if (!s->in_bounds)
			continue; /* selected for its role but unusable */
		s->used = true;
		if (heaps[r] != NULL) {
			heaps[r]->present =
			    cs_cur_window(&md->root, s->offset, s->size, &heaps[r]->cur);
		} else if (r == CLB_ROLE_TABLES || r == CLB_ROLE_TABLES_UNCOMP) {
			md->has_tables = cs_cur_window(&md->root, s->offset, s->size, &md->tstream);
			md->uncompressed = r == CLB_ROLE_TABLES_UNCOMP;
		}
	}
}

void
clb_storage_parse(cs_ctx *ctx, clb_md *md)
{
	size_t hdr, dir;
	uint16_t nstreams;
	if (!parse_signature(ctx, md) || !parse_version(ctx, md, &hdr))
		return;
	if (!parse_storage_header(ctx, md, hdr, &dir, &nstreams))
		return;
	parse_stream_headers(ctx, md, hdr + 2, dir, nstreams);
	if (ctx->nomem)
		return;
	check_stream_extents(ctx, md);
	check_truncation(ctx, md);
	check_stream_overlaps(ctx, md);
	check_duplicate_names(ctx, md);
	assign_roles(ctx, md);
	select_streams(ctx, md);
}
