/*
 * resolve.c - decides which registration of each class COM would use and
 * checks the references between registrations (regtext.md 5.1, 5.3).
 *
 * Precedence for one CLSID and bitness: a per-user view (HKCU, HKEY_USERS)
 * before HKEY_CLASSES_ROOT before HKLM\SOFTWARE\Classes, as HKCR merges
 * them (hkey-classes-root-key.md); within one view a later dump before an
 * earlier one, as importing the dumps in order would leave it.  The unit
 * of precedence is the whole CLSID key: HKCR merges per key, so a
 * per-user CLSID key without InprocServer32 over a machine one with it is
 * reported as it is written (no server), not as Windows' merged view
 * would show it.  References are looked up by binary
 * search over sorted copies, so resolution is O(n log n).
 */
#include <stdlib.h>
#include <string.h>

#include "com/model.h"
#include "core/sort.h"
#include "core/ucase.h"

static int
class_cmp(const void *a, const void *b)
{
	const com_class *x = a, *y = b;
	int c = strcmp(x->clsid, y->clsid);
	if (c)
		return c;
	if (x->wow64 != y->wow64)
		return x->wow64 ? 1 : -1;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	if (x->where.input != y->where.input) /* a later dump overrides an earlier one */
		return x->where.input > y->where.input ? -1 : 1;
	return x->where.src.offset < y->where.src.offset ? -1 : x->where.src.offset > y->where.src.offset;
}

/* Name (case-insensitive), native before WOW64, then precedence as for
 * classes. */
static int
progid_cmp(const void *a, const void *b)
{
	const com_progid *x = a, *y = b;
	int c = cs_ascii_icmp(x->name_str, y->name_str);
	if (c)
		return c;
	if (x->wow64 != y->wow64)
		return x->wow64 ? 1 : -1;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	if (x->where.input != y->where.input)
		return x->where.input > y->where.input ? -1 : 1;
	return x->where.src.offset < y->where.src.offset ? -1 : x->where.src.offset > y->where.src.offset;
}

static int
appid_cmp(const void *a, const void *b)
{
	return strcmp(((const com_appid *)a)->appid, ((const com_appid *)b)->appid);
}

static int
typelib_cmp(const void *a, const void *b)
{
	return strcmp(((const com_typelib *)a)->libid, ((const com_typelib *)b)->libid);
}

/* Index of the effective registration of clsid (bitness wow64 first,
 * then the other), or SIZE_MAX. */
static size_t
find_class(const com_model *m, const char *clsid, bool wow64)
{
	size_t lo = 0, hi = m->nclasses, i, other = SIZE_MAX;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(m->classes[mid].clsid, clsid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < m->nclasses && strcmp(m->classes[i].clsid, clsid) == 0; i++) {
		if (!m->classes[i].effective)
			continue;
		if (m->classes[i].wow64 == wow64)
			return i;
		other = i;
	}
	return other;
}

const com_progid *
com_progid_lookup(const com_progid *v, size_t n, const char *name, bool wow64)
{
	size_t lo = 0, hi = n, i;
	while (lo < hi) { /* the first entry not below name */
		size_t mid = lo + (hi - lo) / 2;
		if (cs_ascii_icmp(v[mid].name_str, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || cs_ascii_icmp(v[lo].name_str, name) != 0)
		return NULL;
	for (i = lo; wow64 && i < n && cs_ascii_icmp(v[i].name_str, name) == 0; i++)
		if (v[i].wow64)
			return &v[i];
	return &v[lo];
}

static const com_appid *
find_appid(const com_model *m, const char *appid)
{
	com_appid key;
	if (m->nappids == 0)
		return NULL;
	memcpy(key.appid, appid, sizeof key.appid);
	return bsearch(&key, m->appids, m->nappids, sizeof *m->appids, appid_cmp);
}

static bool
has_typelib(const com_model *m, const char *libid)
{
	com_typelib key;
	if (m->ntypelibs == 0)
		return false;
	memcpy(key.libid, libid, sizeof key.libid);
	return bsearch(&key, m->typelibs, m->ntypelibs, sizeof *m->typelibs, typelib_cmp) != NULL;
}

static const char *
str(const com_model *m, size_t off)
{
	return off == COM_NONE ? NULL : m->arena + off;
}

/* True when two optional server paths differ; Windows paths compare
 * without regard to case (folded here for ASCII letters only). */
static bool
differ(const com_model *m, size_t a, size_t b)
{
	const char *x = str(m, a), *y = str(m, b);
	if (x == NULL || y == NULL)
		return x != y;
	return cs_ascii_icmp(x, y) != 0;
}

static void
report(com_model *m, cs_code code, const com_where *w, const char *fmt, ...) CS_PRINTF(4, 5);

static void
report(com_model *m, cs_code code, const com_where *w, const char *fmt, ...)
{
	va_list ap;
	com_source(m, w->input);
	va_start(ap, fmt);
	if (!cs_emit_v(m->ctx, code, w->src.offset, w->src.line, 0, fmt, ap))
		m->ctx->nomem = true;
	va_end(ap);
}

/* Marks the first registration of each (CLSID, bitness) effective and
 * reports the others whose servers differ from it. */
static void
pick_effective(com_model *m)
{
	size_t i, first = 0;
	for (i = 0; i < m->nclasses; i++) {
		com_class *c = &m->classes[i];
		if (i == 0 || strcmp(c->clsid, m->classes[first].clsid) != 0 ||
		    c->wow64 != m->classes[first].wow64) {
			first = i;
			c->effective = true;
			continue;
		}
		if (differ(m, c->str[COM_S_INPROC], m->classes[first].str[COM_S_INPROC]) ||
		    differ(m, c->str[COM_S_HANDLER], m->classes[first].str[COM_S_HANDLER]) ||
		    differ(m, c->str[COM_S_LOCAL], m->classes[first].str[COM_S_LOCAL]))
			report(m, CS_COM_CLASS_CONFLICT, &c->where,
			    "%s is registered here (%s) with a different server than the registration COM uses, at %s (%s)",
			    c->clsid, str(m, c->str[COM_S_VIEW]), str(m, m->classes[first].str[COM_S_SOURCE]),
			    str(m, m->classes[first].str[COM_S_VIEW]));
	}
}

/* References from one class registration. */
static void
check_class(com_model *m, const com_class *c)
{
	const com_appid *app = c->appid[0] ? find_appid(m, c->appid) : NULL;
	static const int progid_fields[2] = { COM_S_PROGID, COM_S_VIPROGID };
	int k;
	if (c->str[COM_S_INPROC] == COM_NONE && c->str[COM_S_HANDLER] == COM_NONE &&
	    c->str[COM_S_LOCAL] == COM_NONE && c->treatas[0] == '\0' &&
	    (app == NULL || !app->runs))
		report(m, CS_COM_CLASS_NO_SERVER, &c->where,
		    "%s (%s) has no InprocServer32, InprocHandler32 or LocalServer32", c->clsid,
		    str(m, c->str[COM_S_VIEW]));
	if (c->appid[0] && app == NULL)
		report(m, CS_COM_APPID_DANGLING, &c->where, "%s names AppID %s, which is not registered",
		    c->clsid, c->appid);
	if (c->treatas[0] && find_class(m, c->treatas, c->wow64) == SIZE_MAX)
		report(m, CS_COM_TREATAS_DANGLING, &c->where,
		    "%s is treated as %s, which is not registered", c->clsid, c->treatas);
	if (c->typelib[0] && !has_typelib(m, c->typelib))
		report(m, CS_COM_TYPELIB_DANGLING, &c->where,
		    "%s names type library %s, which is not registered", c->clsid, c->typelib);
	for (k = 0; k < 2; k++) {
		const char *name = str(m, c->str[progid_fields[k]]);
		const com_progid *p = name ? com_progid_lookup(m->progids, m->nprogids, name, c->wow64)
		                           : NULL;
		if (p != NULL && strcmp(p->clsid, c->clsid) != 0)
			report(m, CS_COM_CLASS_PROGID_MISMATCH, &c->where,
			    "%s names ProgID %s, which maps to %s", c->clsid, name, p->clsid);
	}
}

void
com_resolve(com_model *m)
{
	size_t i;
	/* the arena no longer grows: names can be compared through pointers */
	for (i = 0; i < m->nprogids; i++)
		m->progids[i].name_str = m->arena + m->progids[i].name;
	if (!cs_sort(m->ctx, m->classes, m->nclasses, sizeof *m->classes, class_cmp) ||
	    !cs_sort(m->ctx, m->progids, m->nprogids, sizeof *m->progids, progid_cmp) ||
	    !cs_sort(m->ctx, m->appids, m->nappids, sizeof *m->appids, appid_cmp) ||
	    !cs_sort(m->ctx, m->typelibs, m->ntypelibs, sizeof *m->typelibs, typelib_cmp))
		return; /* out of memory: the build fails */
	pick_effective(m);
	for (i = 0; i < m->nclasses && !m->ctx->nomem; i++)
		check_class(m, &m->classes[i]);
	for (i = 0; i < m->nprogids && !m->ctx->nomem; i++) {
		const com_progid *p = &m->progids[i];
		if (find_class(m, p->clsid, p->wow64) == SIZE_MAX)
			report(m, CS_COM_PROGID_DANGLING, &p->where,
			    "ProgID %s names %s, which is not registered", m->arena + p->name, p->clsid);
	}
	for (i = 0; i < m->nifaces && !m->ctx->nomem; i++) {
		const com_iface *f = &m->ifaces[i];
		size_t c = find_class(m, f->proxy, false);
		if (c == SIZE_MAX || m->classes[c].str[COM_S_INPROC] == COM_NONE)
			report(m, CS_COM_PROXY_UNREGISTERED, &f->where,
			    "interface %s: proxy/stub class %s has no registered InprocServer32", f->iid,
			    f->proxy);
	}
}
