/*
 * load.c - where a hive hangs in the registry, and a hive as a tree.
 *
 * A hive file does not say where Windows mounts it; its base block only
 * records the tail of the path it was loaded from (offset 48).  comscan
 * mounts it, in dumps and in the COM model, where Windows loads a file of
 * that name (the caller may say otherwise: comscan_options.regf_mount):
 *
 *   SOFTWARE      HKEY_LOCAL_MACHINE\SOFTWARE
 *   SYSTEM        HKEY_LOCAL_MACHINE\SYSTEM
 *   SAM           HKEY_LOCAL_MACHINE\SAM
 *   SECURITY      HKEY_LOCAL_MACHINE\SECURITY
 *   COMPONENTS    HKEY_LOCAL_MACHINE\COMPONENTS
 *   BCD           HKEY_LOCAL_MACHINE\BCD00000000
 *   DEFAULT       HKEY_USERS\.DEFAULT
 *   *NTUSER.DAT   HKEY_CURRENT_USER
 *   *USRCLASS.DAT HKEY_CURRENT_USER\Software\Classes
 *   anything else HKEY_LOCAL_MACHINE\<the file name>, or \HIVE without one
 *
 * (names compared without regard to case; * = any prefix).  The hive's
 * root key takes the last name of the path; its own name (usually
 * "CMI-CreateHive{...}" or "ROOT") is not used, as regedit's exports do.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/ucase.h"
#include "regf/regf.h"

static const struct {
	const char *file;
	bool suffix;
	const char *mount;
} mounts[] = {
	{ "SOFTWARE", false, "HKEY_LOCAL_MACHINE\\SOFTWARE" },
	{ "SYSTEM", false, "HKEY_LOCAL_MACHINE\\SYSTEM" },
	{ "SAM", false, "HKEY_LOCAL_MACHINE\\SAM" },
	{ "SECURITY", false, "HKEY_LOCAL_MACHINE\\SECURITY" },
	{ "COMPONENTS", false, "HKEY_LOCAL_MACHINE\\COMPONENTS" },
	{ "BCD", false, "HKEY_LOCAL_MACHINE\\BCD00000000" },
	{ "DEFAULT", false, "HKEY_USERS\\.DEFAULT" },
	{ "NTUSER.DAT", true, "HKEY_CURRENT_USER" },
	{ "USRCLASS.DAT", true, "HKEY_CURRENT_USER\\Software\\Classes" },
};

static bool
put_ascii(cs_ctx *ctx, regf_name *p, const char *s)
{
	size_t n = strlen(s), k;
	if (!cs_grow(ctx->alloc, (void **)&p->p, &p->cap, p->len + n + 1, sizeof *p->p)) {
		ctx->nomem = true;
		return false;
	}
	for (k = 0; k < n; k++)
		p->p[p->len++] = (uint8_t)s[k];
	return true;
}

bool
regf_mount_path(cs_ctx *ctx, const cs_cursor *file, regf_name *path)
{
	uint16_t name[32];
	size_t n = 0, start, k, m;
	path->len = 0;
	if (ctx->regf_mount != NULL)
		return put_ascii(ctx, path, ctx->regf_mount);
	while (n < 32 && cs_cur_u16_at(file, 48 + 2 * n, &name[n]) && name[n] != 0)
		n++;
	for (start = n; start > 0 && name[start - 1] != '\\'; start--)
		;
	for (m = 0; m < sizeof mounts / sizeof mounts[0]; m++) {
		size_t len = strlen(mounts[m].file);
		if (n - start < len || (!mounts[m].suffix && n - start != len) ||
		    !cs_ueq_ascii_ci(name + n - len, len, mounts[m].file))
			continue;
		return put_ascii(ctx, path, mounts[m].mount);
	}
	if (!put_ascii(ctx, path, start < n ? "HKEY_LOCAL_MACHINE\\" : "HKEY_LOCAL_MACHINE\\HIVE"))
		return false;
	if (!cs_grow(ctx->alloc, (void **)&path->p, &path->cap, path->len + (n - start) + 1,
	        sizeof *path->p)) {
		ctx->nomem = true;
		return false;
	}
	for (k = start; k < n; k++)
		path->p[path->len++] = name[k] < 0x20 ? '_' : name[k];
	return true;
}

/* ---- a hive as a memtree ---------------------------------------------------------- */

typedef struct loader {
	cs_ctx *ctx;
	cs_memtree *t;
	const cs_cursor *file;
	cs_mtkey *keys;           /* keys[d]: the memtree key of depth d (1 = root) */
	size_t cap;
} loader;

/* Creates the keys of the mount path; keys[1] becomes its last one. */
static bool
mount(loader *l, const cs_cursor *file)
{
	regf_name path = { NULL, 0, 0 };
	cs_regsource none = { COMSCAN_NO_OFFSET, 0 };
	cs_mtkey k = cs_memtree_top(l->t);
	size_t s = 0, i;
	bool ok = regf_mount_path(l->ctx, file, &path) &&
	          cs_grow(l->ctx->alloc, (void **)&l->keys, &l->cap, 2, sizeof *l->keys);
	for (i = 0; ok && i <= path.len; i++) {
		if (i < path.len && path.p[i] != '\\')
			continue;
		k = cs_memtree_child(l->t, k, path.p + s, i - s, true, none);
		ok = k != CS_MTKEY_NONE;
		s = i + 1;
	}
	if (ok)
		l->keys[1] = l->keys[0] = k;
	else
		l->ctx->nomem = true;
	cs_ctx_free(l->ctx, path.p);
	return ok;
}

static bool
on_key(void *arg, size_t depth, const uint16_t *name, size_t n, uint64_t offset)
{
	loader *l = arg;
	cs_regsource src = { offset, 0 };
	cs_mtkey k;
	if (!cs_grow(l->ctx->alloc, (void **)&l->keys, &l->cap, depth + 1, sizeof *l->keys)) {
		l->ctx->nomem = true;
		return false;
	}
	if (depth == 1) { /* the mount path's last key stands for the root */
		if (!mount(l, l->file))
			return false;
		k = l->keys[1];
	} else {
		k = cs_memtree_child(l->t, l->keys[depth - 1], name, n, true, src);
	}
	if (k == CS_MTKEY_NONE) {
		l->ctx->nomem = true;
		return false;
	}
	cs_memtree_name_key(l->t, k, src);
	l->keys[depth] = k;
	l->keys[0] = k; /* the key values go to */
	return true;
}

static bool
on_value(void *arg, const regf_value *v)
{
	loader *l = arg;
	cs_regsource src = { v->offset, 0 };
	bool replaced;
	if (!cs_memtree_set_value(l->t, l->keys[0], v->name, v->name_len, v->type, v->data,
	        v->data ? v->size : 0, src, &replaced)) {
		l->ctx->nomem = true;
		return false;
	}
	return true;
}

cs_memtree *
regf_load(cs_ctx *ctx, const cs_cursor *file)
{
	loader l;
	regf_visitor v;
	memset(&l, 0, sizeof l);
	l.ctx = ctx;
	l.t = cs_memtree_new(ctx);
	if (l.t == NULL)
		return NULL;
	l.file = file;
	v.arg = &l;
	v.want_data = true;
	v.key = on_key;
	v.value = on_value;
	regf_walk(ctx, file, &v);
	cs_ctx_free(ctx, l.keys);
	if (ctx->nomem || !cs_memtree_seal(l.t)) {
		ctx->nomem = true;
		cs_memtree_free(l.t);
		return NULL;
	}
	return l.t;
}
