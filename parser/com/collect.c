/*
 * collect.c - reads the COM registrations of one registry tree
 * (regtext.md 5.1-5.4; MicrosoftDocs win32 desktop-src/com/ pages).
 *
 *   <classes>\CLSID\{clsid}              (Default) = name; AppID = "{appid}"
 *       InprocServer32\ (Default) = path (REG_SZ or REG_EXPAND_SZ), ThreadingModel
 *       InprocHandler32\, LocalServer32\ (Default) = path / command line
 *       ProgID\, VersionIndependentProgID\, TypeLib\, TreatAs\ (Default)
 *   <classes>\<ProgID>\CLSID             (Default) = "{clsid}"
 *   <classes>\AppID\{appid}              DllSurrogate, LocalService, ...
 *   <classes>\AppID\<exe name>           AppID = "{appid}"
 *   <classes>\Interface\{iid}\ProxyStubClsid32   (Default) = "{clsid}"
 *   <classes>\TypeLib\{libid}\<ver>\<lcid>\win32|win64   (Default) = path
 *   HKLM\SOFTWARE\Microsoft\COM3         REGDBVersion (8-byte binary), COM+ Enabled
 *
 * <classes> is each view that holds class registrations; every view is
 * also read under its WOW6432Node (the 32-bit registrations).  The walk is
 * a fixed number of levels deep, so it needs neither recursion nor a stack.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "com/model.h"
#include "core/alloc.h"
#include "core/ucase.h"

/* The child of key named by ASCII s. */
static cs_regref
child(const cs_regtree *t, cs_regref key, const char *s)
{
	uint16_t u[64];
	size_t n;
	if (key == CS_REGREF_NONE)
		return CS_REGREF_NONE;
	for (n = 0; s[n] && n < 64; n++)
		u[n] = (unsigned char)s[n];
	return t->ops->child_find(t->impl, key, u, n);
}

/* The value of key named by ASCII s (NULL: the default value). */
static cs_regref
value(const cs_regtree *t, cs_regref key, const char *s)
{
	uint16_t u[64];
	size_t n = 0;
	if (key == CS_REGREF_NONE)
		return CS_REGREF_NONE;
	for (; s && s[n] && n < 64; n++)
		u[n] = (unsigned char)s[n];
	return t->ops->value_find(t->impl, key, n ? u : NULL, n);
}

/* The name of key in m->units; returns its length. */
static size_t
key_name(com_model *m, const cs_regtree *t, cs_regref key)
{
	size_t n = t->ops->key_name(t->impl, key, NULL, 0);
	if (!cs_grow(m->ctx->alloc, (void **)&m->units, &m->units_cap, n + 1, sizeof *m->units)) {
		m->ctx->nomem = true;
		return 0;
	}
	return t->ops->key_name(t->impl, key, m->units, n);
}

/* A REG_SZ/REG_EXPAND_SZ value as UTF-8 in m->sb (up to its first NUL).
 * False when val is absent or not a string type (*type tells which). */
static bool
read_string(com_model *m, const cs_regtree *t, cs_regref val, uint32_t *type)
{
	size_t n, k, units = 0;
	*type = 0;
	if (val == CS_REGREF_NONE)
		return false;
	*type = t->ops->value_type(t->impl, val);
	if (*type != CS_REG_SZ && *type != CS_REG_EXPAND_SZ)
		return false;
	n = t->ops->value_data(t->impl, val, NULL, 0);
	if (!cs_grow(m->ctx->alloc, (void **)&m->bytes, &m->bytes_cap, n + 1, 1) ||
	    !cs_grow(m->ctx->alloc, (void **)&m->units, &m->units_cap, n / 2 + 1, sizeof *m->units)) {
		m->ctx->nomem = true;
		return false;
	}
	n = t->ops->value_data(t->impl, val, m->bytes, n);
	for (k = 0; k + 1 < n; k += 2) {
		uint16_t u = (uint16_t)(m->bytes[k] | m->bytes[k + 1] << 8);
		if (u == 0)
			break;
		m->units[units++] = u;
	}
	cs_sb_clear(&m->sb);
	return cs_sb_put_u16(&m->sb, m->units, units, CS_U16_PLAIN);
}

/* Interns the string value val, or returns COM_NONE when it is absent. */
static size_t
string_of(com_model *m, const cs_regtree *t, cs_regref val)
{
	uint32_t type;
	return read_string(m, t, val, &type) ? com_intern(m, cs_sb_str(&m->sb)) : COM_NONE;
}

/* Parses the string in m->sb as a braced GUID. */
static bool
sb_guid(com_model *m, char out[CS_GUID_LEN + 1])
{
	return cs_guid_parse_str(cs_sb_str(&m->sb), out);
}

/* A finding about key (or value) src of the current input. */
static void report(com_model *m, cs_code code, cs_regsource src, const char *fmt, ...)
    CS_PRINTF(4, 5);

static void
report(com_model *m, cs_code code, cs_regsource src, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!cs_emit_v(m->ctx, code, src.offset, src.line, 0, fmt, ap))
		m->ctx->nomem = true;
	va_end(ap);
}

static bool
grow(com_model *m, void **items, size_t *cap, size_t n, size_t elem)
{
	if (!cs_grow(m->ctx->alloc, items, cap, n, elem)) {
		m->ctx->nomem = true;
		return false;
	}
	return true;
}

/* ---- classes ---------------------------------------------------------------------- */

/* Reads a server key's default value into *field; reports an empty or
 * missing path and a value that is not a string. */
static void
server(com_model *m, const cs_regtree *t, cs_regref key, const char *what, const char *clsid,
    size_t *field)
{
	cs_regref v = value(t, key, NULL);
	uint32_t type;
	if (key == CS_REGREF_NONE)
		return;
	if (read_string(m, t, v, &type)) {
		*field = com_intern(m, cs_sb_str(&m->sb));
		if (m->sb.len == 0)
			report(m, CS_COM_SERVER_NO_PATH, t->ops->key_source(t->impl, key),
			    "%s of %s has an empty path", what, clsid);
		return;
	}
	*field = com_intern(m, "");
	if (v == CS_REGREF_NONE)
		report(m, CS_COM_SERVER_NO_PATH, t->ops->key_source(t->impl, key),
		    "%s of %s has no default value (no server path)", what, clsid);
	else
		report(m, CS_COM_SERVER_BAD_TYPE, t->ops->value_source(t->impl, v),
		    "%s of %s: the default value is not a string", what, clsid);
}

/* Reads a GUID held by the default value of subkey key (TreatAs,
 * TypeLib) or, when key is CS_REGREF_NONE, by the value val (AppID) into
 * out; reports with code a subkey without a default, a value that is not
 * a string, and a string that is not a braced GUID. */
static void
guid_ref(com_model *m, const cs_regtree *t, cs_regref key, cs_regref val, cs_code code,
    const char *what, const char *clsid, size_t *field, char out[CS_GUID_LEN + 1])
{
	uint32_t type;
	out[0] = '\0';
	if (!read_string(m, t, val, &type)) {
		if (val != CS_REGREF_NONE)
			report(m, code, t->ops->value_source(t->impl, val), "%s of %s is not a string",
			    what, clsid);
		else if (key != CS_REGREF_NONE)
			report(m, code, t->ops->key_source(t->impl, key),
			    "%s key of %s has no default value", what, clsid);
		return;
	}
	*field = com_intern(m, cs_sb_str(&m->sb));
	if (!sb_guid(m, out)) {
		out[0] = '\0';
		report(m, code, t->ops->value_source(t->impl, val), "%s of %s is not a braced GUID",
		    what, clsid);
	}
}

/* The ThreadingModel of an InprocServer32 key (inprocserver32.md). */
static void
threading(com_model *m, const cs_regtree *t, cs_regref inproc, const char *clsid, size_t *field)
{
	static const char *const models[] = { "Apartment", "Both", "Free", "Neutral" };
	cs_regref v = value(t, inproc, "ThreadingModel");
	uint32_t type;
	size_t k;
	if (v == CS_REGREF_NONE)
		return;
	if (!read_string(m, t, v, &type)) {
		report(m, CS_COM_THREADING_INVALID, t->ops->value_source(t->impl, v),
		    "ThreadingModel of %s is not a string", clsid);
		return;
	}
	*field = com_intern(m, cs_sb_str(&m->sb));
	if (type != CS_REG_SZ) { /* regtext.md 5.3 item 2: only REG_SZ is read */
		report(m, CS_COM_THREADING_INVALID, t->ops->value_source(t->impl, v),
		    "ThreadingModel of %s is REG_EXPAND_SZ, not REG_SZ", clsid);
		return;
	}
	for (k = 0; k < sizeof models / sizeof models[0]; k++)
		if (cs_ascii_icmp(cs_sb_str(&m->sb), models[k]) == 0)
			return;
	report(m, CS_COM_THREADING_INVALID, t->ops->value_source(t->impl, v),
	    "ThreadingModel of %s is \"%s\"", clsid, cs_sb_str(&m->sb));
}

/* One CLSID\{clsid} key of a view. */
static void
collect_class(com_model *m, const cs_regtree *t, cs_regref key, com_class *c)
{
	cs_regref inproc = child(t, key, "InprocServer32");
	cs_regref local = child(t, key, "LocalServer32");
	cs_regref handler = child(t, key, "InprocHandler32");
	cs_regref treatas = child(t, key, "TreatAs"), typelib = child(t, key, "TypeLib");
	const char *id = c->clsid;
	c->str[COM_S_NAME] = string_of(m, t, value(t, key, NULL));
	server(m, t, inproc, "InprocServer32", id, &c->str[COM_S_INPROC]);
	if (inproc != CS_REGREF_NONE)
		threading(m, t, inproc, id, &c->str[COM_S_THREADING]);
	server(m, t, handler, "InprocHandler32", id, &c->str[COM_S_HANDLER]);
	server(m, t, local, "LocalServer32", id, &c->str[COM_S_LOCAL]);
	if (value(t, local, "ThreadingModel") != CS_REGREF_NONE)
		report(m, CS_COM_THREADING_LOCAL, t->ops->key_source(t->impl, local),
		    "LocalServer32 of %s has a ThreadingModel", id);
	c->str[COM_S_PROGID] = string_of(m, t, value(t, child(t, key, "ProgID"), NULL));
	c->str[COM_S_VIPROGID] =
	    string_of(m, t, value(t, child(t, key, "VersionIndependentProgID"), NULL));
	guid_ref(m, t, CS_REGREF_NONE, value(t, key, "AppID"), CS_COM_APPID_BAD_GUID, "AppID", id,
	    &c->str[COM_S_APPID], c->appid);
	guid_ref(m, t, treatas, value(t, treatas, NULL), CS_COM_TREATAS_BAD_GUID, "TreatAs", id,
	    &c->str[COM_S_TREATAS], c->treatas);
	guid_ref(m, t, typelib, value(t, typelib, NULL), CS_COM_TYPELIB_BAD_GUID, "TypeLib", id,
	    &c->str[COM_S_TYPELIB], c->typelib);
}

/* Formats a source string "input:line" or "input@0xoffset". */
static size_t
source_string(com_model *m, uint32_t input, cs_regsource src)
{
	char buf[64];
	cs_sb_clear(&m->sb);
	cs_sb_puts(&m->sb, m->inputs[input].name ? m->inputs[input].name : "(input)");
	if (src.line)
		snprintf(buf, sizeof buf, ":%u", (unsigned)src.line);
	else if (src.offset != UINT64_MAX)
		snprintf(buf, sizeof buf, "@0x%llx", (unsigned long long)src.offset);
	else
		buf[0] = '\0';
	cs_sb_puts(&m->sb, buf);
	return com_intern(m, cs_sb_str(&m->sb));
}

static void
collect_classes(com_model *m, const cs_regtree *t, cs_regref root, com_scope scope, bool wow64,
    size_t view, uint32_t input)
{
	cs_regref clsids = child(t, root, "CLSID");
	size_t i, n = clsids == CS_REGREF_NONE ? 0 : t->ops->child_count(t->impl, clsids);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref key = t->ops->child_at(t->impl, clsids, i);
		size_t len = key_name(m, t, key), s;
		com_class *c;
		char id[CS_GUID_LEN + 1];
		if (!cs_guid_parse_u16(m->units, len, id)) {
			cs_sb_clear(&m->sb);
			cs_sb_put_u16(&m->sb, m->units, len, CS_U16_ESCAPED);
			report(m, CS_COM_GUID_KEY, t->ops->key_source(t->impl, key),
			    "CLSID key \"%s\" is not a braced GUID", cs_sb_str(&m->sb));
			continue;
		}
		if (!grow(m, (void **)&m->classes, &m->capclasses, m->nclasses + 1, sizeof *m->classes))
			return;
		c = &m->classes[m->nclasses++];
		memset(c, 0, sizeof *c);
		for (s = 0; s < COM_S_COUNT; s++)
			c->str[s] = COM_NONE;
		memcpy(c->clsid, id, sizeof id);
		c->str[COM_S_CLSID] = com_intern(m, id);
		c->scope = scope;
		c->wow64 = wow64;
		c->str[COM_S_VIEW] = view;
		c->where.input = input;
		c->where.src = t->ops->key_source(t->impl, key);
		collect_class(m, t, key, c);
		c->str[COM_S_SOURCE] = source_string(m, input, c->where.src);
	}
}

/* ---- ProgIDs, AppIDs, interfaces, type libraries -------------------------------------- */

/* True for the top-level names of a classes view that are not ProgIDs. */
static bool
reserved_name(const uint16_t *u, size_t n)
{
	static const char *const names[] = { "CLSID", "AppID", "Interface", "TypeLib",
		"WOW6432Node", "Component Categories" };
	size_t k;
	if (n == 0 || u[0] == '.')
		return true;
	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (cs_ueq_ascii_ci(u, n, names[k]))
			return true;
	return false;
}

static void
collect_progids(com_model *m, const cs_regtree *t, cs_regref root, com_scope scope, bool wow64,
    uint32_t input)
{
	size_t i, n = t->ops->child_count(t->impl, root);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref key = t->ops->child_at(t->impl, root, i), cl, v;
		size_t len = key_name(m, t, key);
		com_progid *p;
		uint32_t type;
		if (reserved_name(m->units, len) || (cl = child(t, key, "CLSID")) == CS_REGREF_NONE)
			continue;
		cs_sb_clear(&m->sb);
		cs_sb_put_u16(&m->sb, m->units, len, CS_U16_PLAIN);
		if (!grow(m, (void **)&m->progids, &m->capprogids, m->nprogids + 1, sizeof *m->progids))
			return;
		p = &m->progids[m->nprogids];
		memset(p, 0, sizeof *p);
		p->name = com_intern(m, cs_sb_str(&m->sb));
		if (m->ctx->nomem)
			return;
		p->wow64 = wow64;
		p->scope = scope;
		p->where.input = input;
		p->where.src = t->ops->key_source(t->impl, cl);
		v = value(t, cl, NULL);
		if (!read_string(m, t, v, &type) || !sb_guid(m, p->clsid)) {
			report(m, CS_COM_PROGID_BAD_CLSID, p->where.src,
			    "ProgID %s: its CLSID key does not hold a braced GUID",
			    m->arena + p->name);
			continue;
		}
		m->nprogids++;
	}
}

static void
collect_appids(com_model *m, const cs_regtree *t, cs_regref root, bool wow64)
{
	cs_regref appids = child(t, root, "AppID");
	size_t i, n = appids == CS_REGREF_NONE ? 0 : t->ops->child_count(t->impl, appids);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref key = t->ops->child_at(t->impl, appids, i);
		size_t len = key_name(m, t, key);
		com_appid *a;
		char id[CS_GUID_LEN + 1];
		if (!cs_guid_parse_u16(m->units, len, id)) {
			/* AppID\<exe name> maps an executable to its AppID (appid.md) */
			if (value(t, key, "AppID") == CS_REGREF_NONE) {
				cs_sb_clear(&m->sb);
				cs_sb_put_u16(&m->sb, m->units, len, CS_U16_ESCAPED);
				report(m, CS_COM_GUID_KEY, t->ops->key_source(t->impl, key),
				    "AppID key \"%s\" is neither a braced GUID nor an executable name "
				    "with an AppID value", cs_sb_str(&m->sb));
			}
			continue;
		}
		if (!grow(m, (void **)&m->appids, &m->capappids, m->nappids + 1, sizeof *m->appids))
			return;
		a = &m->appids[m->nappids++];
		memcpy(a->appid, id, sizeof id);
		a->wow64 = wow64;
		a->runs = value(t, key, "LocalService") != CS_REGREF_NONE ||
		          value(t, key, "DllSurrogate") != CS_REGREF_NONE;
	}
}

static void
collect_interfaces(com_model *m, const cs_regtree *t, cs_regref root, uint32_t input)
{
	cs_regref ifs = child(t, root, "Interface");
	size_t i, n = ifs == CS_REGREF_NONE ? 0 : t->ops->child_count(t->impl, ifs);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref key = t->ops->child_at(t->impl, ifs, i), ps, v;
		size_t len = key_name(m, t, key);
		com_iface *f;
		char id[CS_GUID_LEN + 1];
		uint32_t type;
		if (!cs_guid_parse_u16(m->units, len, id)) {
			cs_sb_clear(&m->sb);
			cs_sb_put_u16(&m->sb, m->units, len, CS_U16_ESCAPED);
			report(m, CS_COM_GUID_KEY, t->ops->key_source(t->impl, key),
			    "Interface key \"%s\" is not a braced GUID", cs_sb_str(&m->sb));
			continue;
		}
		ps = child(t, key, "ProxyStubClsid32");
		if (ps == CS_REGREF_NONE)
			continue;
		v = value(t, ps, NULL);
		if (!grow(m, (void **)&m->ifaces, &m->capifaces, m->nifaces + 1, sizeof *m->ifaces))
			return;
		f = &m->ifaces[m->nifaces];
		memcpy(f->iid, id, sizeof id);
		f->where.input = input;
		f->where.src = t->ops->key_source(t->impl, ps);
		if (!read_string(m, t, v, &type) || !sb_guid(m, f->proxy)) {
			report(m, CS_COM_PROXY_BAD_GUID, f->where.src,
			    "ProxyStubClsid32 of interface %s does not hold a braced GUID", id);
			continue;
		}
		m->nifaces++;
	}
}

/* TypeLib\{libid}\<version>\<lcid>\win32|win64 (RegisterTypeLib layout). */
static void
collect_typelibs(com_model *m, const cs_regtree *t, cs_regref root)
{
	static const char *const platforms[] = { "win32", "win64" };
	cs_regref libs = child(t, root, "TypeLib");
	size_t i, n = libs == CS_REGREF_NONE ? 0 : t->ops->child_count(t->impl, libs);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref lib = t->ops->child_at(t->impl, libs, i);
		size_t len = key_name(m, t, lib), v, nv, l, nl, k;
		char id[CS_GUID_LEN + 1];
		if (!cs_guid_parse_u16(m->units, len, id)) {
			cs_sb_clear(&m->sb);
			cs_sb_put_u16(&m->sb, m->units, len, CS_U16_ESCAPED);
			report(m, CS_COM_GUID_KEY, t->ops->key_source(t->impl, lib),
			    "TypeLib key \"%s\" is not a braced GUID", cs_sb_str(&m->sb));
			continue;
		}
		if (!grow(m, (void **)&m->typelibs, &m->captypelibs, m->ntypelibs + 1,
			sizeof *m->typelibs))
			return;
		memcpy(m->typelibs[m->ntypelibs++].libid, id, sizeof id);
		nv = t->ops->child_count(t->impl, lib);
		for (v = 0; v < nv; v++) {
			cs_regref ver = t->ops->child_at(t->impl, lib, v);
			nl = t->ops->child_count(t->impl, ver);
			for (l = 0; l < nl; l++) {
				cs_regref lcid = t->ops->child_at(t->impl, ver, l);
				for (k = 0; k < 2; k++) {
					cs_regref plat = child(t, lcid, platforms[k]);
					uint32_t type;
					if (plat == CS_REGREF_NONE)
						continue;
					if (!read_string(m, t, value(t, plat, NULL), &type) || m->sb.len == 0)
						report(m, CS_COM_TYPELIB_NO_PATH, t->ops->key_source(t->impl, plat),
						    "type library %s has a %s key without a path", id,
						    platforms[k]);
				}
			}
		}
	}
}

/* All registrations of one classes view (view: its name in the arena). */
static void
collect_view(com_model *m, const cs_regtree *t, cs_regref root, com_scope scope, bool wow64,
    size_t view, uint32_t input)
{
	if (root == CS_REGREF_NONE || view == COM_NONE)
		return;
	collect_classes(m, t, root, scope, wow64, view, input);
	collect_progids(m, t, root, scope, wow64, input);
	collect_appids(m, t, root, wow64);
	collect_interfaces(m, t, root, input);
	collect_typelibs(m, t, root);
}

/* Interns the view name in m->sb, plus suffix. */
static size_t
view_name(com_model *m, const char *suffix)
{
	cs_sb_puts(&m->sb, suffix);
	if (m->sb.nomem) {
		m->ctx->nomem = true;
		return COM_NONE;
	}
	return com_intern(m, cs_sb_str(&m->sb));
}

/* A view named by m->sb and its WOW6432Node twin. */
static void
collect_both(com_model *m, const cs_regtree *t, cs_regref root, com_scope scope, uint32_t input)
{
	size_t native, wow;
	if (root == CS_REGREF_NONE)
		return;
	native = view_name(m, "");
	wow = view_name(m, "\\WOW6432Node");
	collect_view(m, t, root, scope, false, native, input);
	collect_view(m, t, child(t, root, "WOW6432Node"), scope, true, wow, input);
}

/* A view with a fixed name and its WOW6432Node twin. */
static void
collect_named(com_model *m, const cs_regtree *t, cs_regref root, com_scope scope,
    const char *name, uint32_t input)
{
	cs_sb_clear(&m->sb);
	cs_sb_puts(&m->sb, name);
	collect_both(m, t, root, scope, input);
}

/* HKLM\SOFTWARE\Microsoft\COM3 (regtext.md 5.4), or its WOW6432Node
 * twin.  Every such key is checked; the model shows the native key of
 * the last input that has one, else the last WOW6432Node key. */
static void
collect_com3(com_model *m, const cs_regtree *t, cs_regref software, bool wow64, uint32_t input)
{
	cs_regref microsoft = child(t, software, "Microsoft");
	cs_regref com3 = child(t, microsoft, "COM3"), v;
	uint8_t data[8];
	bool show = !wow64 || !m->com3_native;
	comscan_com3 seen;
	if (!wow64 && microsoft != CS_REGREF_NONE)
		m->microsoft = true;
	if (com3 == CS_REGREF_NONE)
		return;
	memset(&seen, 0, sizeof seen);
	seen.present = 1;
	if (show) {
		m->com3_source = source_string(m, input, t->ops->key_source(t->impl, com3));
		m->com3_native = !wow64;
	}
	v = value(t, com3, "REGDBVersion");
	if (v != CS_REGREF_NONE) {
		if (t->ops->value_type(t->impl, v) == CS_REG_BINARY &&
		    t->ops->value_data(t->impl, v, NULL, 0) == 8) {
			(void)t->ops->value_data(t->impl, v, data, 8);
			memcpy(seen.regdb_version, data, 8);
			seen.has_regdb_version = 1;
		} else {
			report(m, CS_COM_COM3_REGDB_VERSION, t->ops->value_source(t->impl, v),
			    "REGDBVersion is not an 8-byte REG_BINARY");
		}
	}
	v = value(t, com3, "COM+ Enabled");
	if (v != CS_REGREF_NONE) {
		if (t->ops->value_type(t->impl, v) == CS_REG_DWORD &&
		    t->ops->value_data(t->impl, v, NULL, 0) == 4) {
			(void)t->ops->value_data(t->impl, v, data, 4);
			seen.enabled = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
			               (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
			seen.has_enabled = 1;
			if (seen.enabled == 0)
				report(m, CS_COM_COM3_DISABLED, t->ops->value_source(t->impl, v),
				    "COM+ Enabled is 0: COM+ is disabled");
		} else {
			report(m, CS_COM_COM3_ENABLED_TYPE, t->ops->value_source(t->impl, v),
			    "COM+ Enabled is not a REG_DWORD");
		}
	}
	if (show)
		m->com3 = seen;
}

/* True when name ends with "_Classes" (HKEY_USERS\<sid>_Classes). */
static bool
ends_with_classes(const uint16_t *u, size_t n)
{
	return n > 8 && cs_ueq_ascii_ci(u + n - 8, 8, "_Classes");
}

void
com_collect(com_model *m, const cs_regtree *t, uint32_t input)
{
	cs_regref top = t->ops->root(t->impl), hklm, users, wowclasses;
	size_t i, n;
	com_source(m, input);
	hklm = child(t, top, "HKEY_LOCAL_MACHINE");
	collect_named(m, t, child(t, top, "HKEY_CLASSES_ROOT"), COM_SCOPE_MERGED, "HKEY_CLASSES_ROOT",
	    input);
	collect_named(m, t, child(t, child(t, hklm, "SOFTWARE"), "Classes"), COM_SCOPE_MACHINE,
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", input);
	wowclasses = child(t, child(t, child(t, hklm, "SOFTWARE"), "WOW6432Node"), "Classes");
	if (wowclasses != CS_REGREF_NONE) {
		cs_sb_clear(&m->sb);
		collect_view(m, t, wowclasses, COM_SCOPE_MACHINE, true,
		    view_name(m, "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Classes"), input);
	}
	collect_named(m, t,
	    child(t, child(t, child(t, top, "HKEY_CURRENT_USER"), "Software"), "Classes"),
	    COM_SCOPE_USER, "HKEY_CURRENT_USER\\Software\\Classes", input);
	users = child(t, top, "HKEY_USERS");
	n = users == CS_REGREF_NONE ? 0 : t->ops->child_count(t->impl, users);
	for (i = 0; i < n && !m->ctx->nomem; i++) {
		cs_regref sid = t->ops->child_at(t->impl, users, i);
		size_t len = key_name(m, t, sid);
		cs_sb_clear(&m->sb);
		cs_sb_puts(&m->sb, "HKEY_USERS\\");
		cs_sb_put_u16(&m->sb, m->units, len, CS_U16_PLAIN);
		if (ends_with_classes(m->units, len)) {
			collect_both(m, t, sid, COM_SCOPE_USER, input);
		} else {
			cs_sb_puts(&m->sb, "\\Software\\Classes");
			collect_both(m, t, child(t, child(t, sid, "Software"), "Classes"), COM_SCOPE_USER,
			    input);
		}
	}
	collect_com3(m, t, child(t, hklm, "SOFTWARE"), false, input);
	collect_com3(m, t, child(t, child(t, hklm, "SOFTWARE"), "WOW6432Node"), true, input);
	if (m->sb.nomem) /* a string may be incomplete: the model is unusable */
		m->ctx->nomem = true;
}
