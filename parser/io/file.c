/*
 * file.c - read-only memory map of a regular file (POSIX).  Input is
 * mapped, never read whole into the heap; an empty file maps to NULL/0.
 * A stream (standard input, a pipe) cannot be mapped: comscan_file_read
 * reads it into the heap, growing by doubling.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_POPULATE, where the system has it */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#ifdef MAP_POPULATE
#define MAP_PREFAULT MAP_POPULATE
#else
#define MAP_PREFAULT 0
#endif
#include <sys/stat.h>
#include <unistd.h>

#include "comscan/comscan.h"
#include "core/alloc.h"

struct comscan_file {
	const comscan_allocator *alloc;
	void *data;
	size_t size;
	int heap;   /* data was read into the heap (a stream), not mapped */
};

/* Maps the regular file open on fd (described by st) into *out; fd stays
 * open.  Sets errno on failure. */
static comscan_status
map_fd(int fd, const struct stat *st, const comscan_allocator *allocator, comscan_file **out)
{
	comscan_file *f;
	int saved;
	if ((uintmax_t)st->st_size > SIZE_MAX) {
		errno = EFBIG;
		return COMSCAN_ERR_TOO_LARGE;
	}
	f = cs_calloc(allocator, 1, sizeof *f);
	if (f == NULL) {
		errno = ENOMEM;
		return COMSCAN_ERR_NOMEM;
	}
	f->alloc = allocator;
	f->size = (size_t)st->st_size;
	if (f->size > 0) {
		/* every parser reads the file from start to end: map it with its
		 * pages present where the system can, instead of one fault each */
		f->data = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE | MAP_PREFAULT, fd, 0);
		if (f->data == MAP_FAILED) {
			saved = errno;
			cs_free(allocator, f);
			errno = saved;
			return COMSCAN_ERR_IO;
		}
	}
	*out = f;
	return COMSCAN_OK;
}

comscan_status
comscan_file_open(const char *path, const comscan_allocator *allocator, comscan_file **out)
{
	struct stat st;
	comscan_status status;
	int fd, saved;

	if (out == NULL)
		return COMSCAN_ERR_INVALID;
	*out = NULL;
	if (path == NULL)
		return COMSCAN_ERR_INVALID;
	allocator = cs_alloc_or_libc(allocator);
	/* O_NONBLOCK: a FIFO (or one swapped in after a caller's stat) must
	 * not block the open; it is refused as not a regular file below */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return COMSCAN_ERR_IO;
	if (fstat(fd, &st) != 0) {
		status = COMSCAN_ERR_IO;
	} else if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		status = COMSCAN_ERR_NOT_FILE;
	} else {
		status = map_fd(fd, &st, allocator, out);
	}
	saved = errno;
	close(fd);
	errno = saved;
	return status;
}

comscan_status
comscan_file_read(int fd, size_t max_size, const comscan_allocator *allocator, comscan_file **out)
{
	comscan_file *f;
	struct stat st;
	size_t cap = 0;
	if (out == NULL)
		return COMSCAN_ERR_INVALID;
	*out = NULL;
	if (fd < 0)
		return COMSCAN_ERR_INVALID;
	allocator = cs_alloc_or_libc(allocator);
	if (max_size == 0)
		max_size = COMSCAN_STREAM_MAX;
	if (max_size > SIZE_MAX - 1)
		max_size = SIZE_MAX - 1; /* max_size + 1 below must not wrap */
	/* a regular file behind the descriptor (a shell's < redirection) is
	 * mapped like any file, not copied */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0)
		return (uintmax_t)st.st_size > max_size ? (errno = EFBIG, COMSCAN_ERR_TOO_LARGE)
		                                        : map_fd(fd, &st, allocator, out);
	f = cs_calloc(allocator, 1, sizeof *f);
	if (f == NULL) {
		errno = ENOMEM;
		return COMSCAN_ERR_NOMEM;
	}
	f->alloc = allocator;
	f->heap = 1;
	for (;;) {
		ssize_t n;
		if (f->size == cap) {
			/* one byte past max_size proves the stream is too large */
			size_t want = f->size + (f->size < 65536 ? 65536 : f->size);
			if (want > max_size + 1 || want < f->size)
				want = max_size + 1;
			if (f->size > max_size) {
				comscan_file_close(f);
				errno = EFBIG;
				return COMSCAN_ERR_TOO_LARGE;
			}
			if (!cs_grow(allocator, &f->data, &cap, want, 1)) {
				comscan_file_close(f);
				errno = ENOMEM;
				return COMSCAN_ERR_NOMEM;
			}
		}
		n = read(fd, (char *)f->data + f->size, cap - f->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			comscan_file_close(f);
			errno = saved;
			return COMSCAN_ERR_IO;
		}
		if (n == 0)
			break;
		f->size += (size_t)n;
	}
	if (f->size > max_size) {
		comscan_file_close(f);
		errno = EFBIG;
		return COMSCAN_ERR_TOO_LARGE;
	}
	*out = f;
	return COMSCAN_OK;
}

const void *
comscan_file_data(const comscan_file *f)
{
	return f ? f->data : NULL;
}

size_t
comscan_file_size(const comscan_file *f)
{
	return f ? f->size : 0;
}

void
comscan_file_close(comscan_file *f)
{
	if (f == NULL)
		return;
	if (f->heap)
		cs_free(f->alloc, f->data);
	else if (f->data != NULL)
		munmap(f->data, f->size);
	cs_free(f->alloc, f);
}
