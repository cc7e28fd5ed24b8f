/*
 * regwalk.c - iterative pre-order walk of a registry tree.
 */
#include "core/regwalk.h"

#include "core/alloc.h"

typedef struct frame {
	cs_regref key;
	size_t next;     /* next child to enter */
	size_t path_len; /* path length of this key */
} frame;

typedef struct walk {
	const cs_regtree *t;
	const comscan_allocator *a;
	frame *stack;
	size_t depth, cap;
	uint16_t *path;
	size_t path_len, path_cap;
} walk;

/* Appends '\' (unless at the start) and the name of key to the path. */
static bool
path_push(walk *w, cs_regref key)
{
	size_t n = w->t->ops->key_name(w->t->impl, key, NULL, 0), need = w->path_len + n + 1;
	if (need < n || !cs_grow(w->a, (void **)&w->path, &w->path_cap, need, sizeof *w->path))
		return false;
	if (w->path_len > 0)
		w->path[w->path_len++] = '\\';
	(void)w->t->ops->key_name(w->t->impl, key, w->path + w->path_len, n);
	w->path_len += n;
	return true;
}

/* Visits a key at depth and its values. */
static int
visit(walk *w, cs_regref key, size_t depth, cs_regwalk_fn fn, void *arg)
{
	cs_regwalk_item it = { false, key, w->path, w->path_len, depth };
	size_t i, n;
	int r = fn(arg, w->t, &it);
	if (r)
		return r;
	n = w->t->ops->value_count(w->t->impl, key);
	for (i = 0; i < n; i++) {
		it.is_value = true;
		it.ref = w->t->ops->value_at(w->t->impl, key, i);
		if (it.ref == CS_REGREF_NONE)
			continue;
		r = fn(arg, w->t, &it);
		if (r)
			return r;
	}
	return 0;
}

int
cs_regwalk(const cs_regtree *t, const comscan_allocator *a, size_t max_depth, cs_regwalk_fn fn,
    void *arg, size_t *skipped)
{
	walk w = { t, cs_alloc_or_libc(a), NULL, 0, 0, NULL, 0, 0 };
	int r = 0;
	if (!cs_grow(w.a, (void **)&w.stack, &w.cap, 1, sizeof *w.stack))
		return -1;
	w.stack[0] = (frame){ t->ops->root(t->impl), 0, 0 };
	w.depth = 1;
	while (w.depth > 0 && r == 0) {
		frame *f = &w.stack[w.depth - 1];
		cs_regref child;
		if (f->next >= t->ops->child_count(t->impl, f->key)) {
			w.depth--;
			if (w.depth > 0)
				w.path_len = w.stack[w.depth - 1].path_len;
			continue;
		}
		child = t->ops->child_at(t->impl, f->key, f->next++);
		if (child == CS_REGREF_NONE)
			continue;
		if (w.depth > max_depth) {
			if (skipped)
				(*skipped)++;
			continue;
		}
		if (!cs_grow(w.a, (void **)&w.stack, &w.cap, w.depth + 1, sizeof *w.stack) ||
		    !path_push(&w, child)) {
			r = -1;
			break;
		}
		w.stack[w.depth++] = (frame){ child, 0, w.path_len };
		r = visit(&w, child, w.depth - 1, fn, arg); /* the top key's children: depth 1 */
	}
	cs_free(w.a, w.stack);
	cs_free(w.a, w.path);
	return r;
}
