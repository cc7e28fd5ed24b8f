/*
 * gen_meta.c - writes the synthetic .NET assembly bench/clb.sh scales its
 * metadata benchmark with: N classes shaped like those of a framework
 * assembly, in a PE image (ECMA-335 II.24 metadata inside II.25).
 *
 *   usage: gen_meta N OUT
 *
 * Per class i (names derived from i, so the same N gives the same bytes):
 *   TypeDef   Contoso.Gen<i/100>.Type<i>, extends System.Object
 *   Field     4, each with its own name and a field signature
 *   MethodDef 8 (.ctor and Method<k>), each with 2 Params and a #US
 *             literal; a MemberRef to Attribute::.ctor per class
 *   CustomAttribute one per class (sorted by parent, II.22 rule)
 * about 1 070 bytes of metadata per class: N = 4 000 gives 4.1 MiB, a
 * little more than mscorlib's 2.5 MiB.  comscan scan reports nothing on it.
 * Built with the test-only metadata writer (tests/support/mdw.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clb/schema.h"
#include "support/mdw.h"

#define FIELDS 4u
#define METHODS 8u
#define PARAMS 2u

/* Appends one row of n values to table id. */
static void
row(mdw *w, unsigned id, const uint32_t *v, unsigned n)
{
	(void)mdw_row(w, id, v, n);
}

/* Heap index of the string "<prefix><i>" (and "_<k>" when k > 0). */
static uint32_t
name(mdw *w, const char *prefix, unsigned long i, unsigned k)
{
	char s[96];
	if (k > 0)
		snprintf(s, sizeof s, "%s%lu_%u", prefix, i, k);
	else
		snprintf(s, sizeof s, "%s%lu", prefix, i);
	return mdw_string(w, s);
}

/* The module, the assembly and the references every class uses. */
static void
module(mdw *w)
{
	static const uint8_t mvid[16] = { 'g', 'e', 'n', '-', 'm', 'e', 't', 'a', 1 };
	static const uint8_t token[] = { 0xb7, 0x7a, 0x5c, 0x56, 0x19, 0x34, 0xe0, 0x89 };
	const uint32_t mod[] = { 0, mdw_string(w, "gen_meta.dll"), mdw_guid(w, mvid), 0, 0 };
	const uint32_t obj[] = { (1u << 2) | 2, mdw_string(w, "Object"), mdw_string(w, "System") };
	const uint32_t attr[] = { (1u << 2) | 2, mdw_string(w, "Attribute"), mdw_string(w, "System") };
	const uint32_t first[] = { 0, mdw_string(w, "<Module>"), 0, 0, 1, 1 };
	const uint32_t asm_row[] = { 0x8004, 1, 0, 0, 0, 0, 0, mdw_string(w, "gen_meta"), 0 };
	const uint32_t ref[] = { 4, 0, 0, 0, 0, mdw_blob(w, token, sizeof token),
		mdw_string(w, "mscorlib"), 0, 0 };
	row(w, CLB_T_MODULE, mod, 5);
	row(w, CLB_T_TYPEREF, obj, 3);
	row(w, CLB_T_TYPEREF, attr, 3);
	row(w, CLB_T_TYPEDEF, first, 6);
	row(w, CLB_T_ASSEMBLY, asm_row, 9);
	row(w, CLB_T_ASSEMBLYREF, ref, 9);
}

/* Class i (0-based) with its fields, methods, params and attribute. */
static void
class(mdw *w, unsigned long i)
{
	static const uint8_t sig_field[] = { 0x06, 0x08 };
	static const uint8_t sig_method[] = { 0x20, 0x02, 0x01, 0x08, 0x0e };
	static const uint8_t sig_ctor[] = { 0x20, 0x00, 0x01 };
	static const uint8_t ca_blob[] = { 0x01, 0x00, 0x00, 0x00 };
	uint32_t field1 = (uint32_t)(i * FIELDS + 1), method1 = (uint32_t)(i * METHODS + 1);
	uint32_t type = (uint32_t)(i + 2), mref;
	unsigned k, p;
	const uint32_t td[] = { 0x00100001, name(w, "Type", i, 0), name(w, "Contoso.Gen", i / 100, 0),
		(1u << 2) | 1, field1, method1 };
	const uint32_t mr[] = { (2u << 3) | 1, mdw_string(w, ".ctor"),
		mdw_blob(w, sig_ctor, sizeof sig_ctor) };
	row(w, CLB_T_TYPEDEF, td, 6);
	for (k = 0; k < FIELDS; k++) {
		const uint32_t f[] = { 0x0001, name(w, "field", i, k + 1),
			mdw_blob(w, sig_field, sizeof sig_field) };
		row(w, CLB_T_FIELD, f, 3);
	}
	for (k = 0; k < METHODS; k++) {
		const uint32_t m[] = { 0, 0, k == 0 ? 0x1886 : 0x0086,
			k == 0 ? mdw_string(w, ".ctor") : name(w, "Method", i, k),
			mdw_blob(w, sig_method, sizeof sig_method),
			(uint32_t)((i * METHODS + k) * PARAMS + 1) };
		char lit[64];
		row(w, CLB_T_METHODDEF, m, 6);
		for (p = 0; p < PARAMS; p++) {
			const uint32_t pr[] = { 0, p + 1, name(w, "arg", p, 0) };
			row(w, CLB_T_PARAM, pr, 3);
		}
		snprintf(lit, sizeof lit, "message %lu of method %u", i, k);
		(void)mdw_user_string(w, lit);
	}
	mref = (uint32_t)(i + 1);
	row(w, CLB_T_MEMBERREF, mr, 3);
	{
		const uint32_t ca[] = { (type << 5) | 3, (mref << 3) | 3,
			mdw_blob(w, ca_blob, sizeof ca_blob) };
		row(w, CLB_T_CUSTOMATTRIBUTE, ca, 3);
	}
	(void)method1;
}

int
main(int argc, char **argv)
{
	mdw w;
	pew_opts opts;
	uint8_t *md, *pe;
	size_t md_len, pe_len;
	unsigned long n, i;
	FILE *f;
	if (argc != 3 || (n = strtoul(argv[1], NULL, 10)) == 0 || n > 200000) {
		fprintf(stderr, "usage: gen_meta N OUT   (1 <= N <= 200000 classes)\n");
		return 2;
	}
	mdw_init(&w);
	module(&w);
	for (i = 0; i < n; i++)
		class(&w, i);
	md = mdw_build(&w, &md_len, NULL);
	memset(&opts, 0, sizeof opts);
	pe = pew_build(md, md_len, &opts, &pe_len, NULL);
	f = fopen(argv[2], "wb");
	if (f == NULL || fwrite(pe, 1, pe_len, f) != pe_len || fclose(f) != 0) {
		perror(argv[2]);
		return 1;
	}
	free(pe);
	free(md);
	mdw_free(&w);
	return 0;
}
