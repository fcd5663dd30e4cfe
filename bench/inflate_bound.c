/* inflate-bound: how fast one zlib stream inflates a .gz file, writing nothing. The
 * ".gz" column of bench/run.sh is measured against it: replay on a .gz can go no faster
 * than single-stream inflate (gzip(1)'s own inflate is 2-3x slower than zlib's, so
 * `gzip -dc` is not the bound).
 *
 *   build/bench/inflate-bound FILE.gz      (concatenated members are read as gzip -d does)
 *
 * Prints the uncompressed byte count so the work is not optimised away. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define IN_BYTES (256 * 1024)
#define OUT_BYTES (256 * 1024)

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: inflate-bound FILE.gz\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "inflate-bound: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	static unsigned char in[IN_BYTES], out[OUT_BYTES];
	z_stream z = { 0 };
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		fclose(f);
		return 1;
	}
	uint64_t total = 0;
	int rc = Z_OK;
	for (;;) {
		if (z.avail_in == 0) {
			z.avail_in = (uInt)fread(in, 1, sizeof in, f);
			z.next_in = in;
			if (z.avail_in == 0)
				break;
		}
		if (rc == Z_STREAM_END) /* another member follows */
			inflateReset(&z);
		z.next_out = out;
		z.avail_out = sizeof out;
		rc = inflate(&z, Z_NO_FLUSH);
		total += sizeof out - z.avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			break;
	}
	inflateEnd(&z);
	int failed = ferror(f) || rc != Z_STREAM_END; /* else truncated, empty or corrupt */
	fclose(f);
	if (failed) {
		fprintf(stderr, "inflate-bound: %s: truncated or corrupt gzip data\n", argv[1]);
		return 1;
	}
	printf("%" PRIu64 " bytes\n", total);
	return 0;
}
