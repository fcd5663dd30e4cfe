/* profile: policy profiles by name (`--profile gke`) and what their leading comment
 * block says about them.
 *
 * A NAME that contains '/' or ends in .yaml/.yml is a path. Otherwise NAME.yaml is looked
 * for in each directory of a profile_search in order: $AUDITSIM_PROFILE_DIR, the
 * installed data directory, the data directory next to the binary (BIN/../share/auditsim/
 * policies: an installation moved elsewhere, or staged with `meson install --destdir`),
 * then policies/ in the source tree (so a binary run from its build directory finds the
 * shipped profiles). */
#ifndef AUDITSIM_PROFILE_H
#define AUDITSIM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define PROFILE_MAX_DIRS 4

typedef struct {
	const char *dirs[PROFILE_MAX_DIRS]; /* read through profile_search_dir */
	const char *origins[PROFILE_MAX_DIRS]; /* "$AUDITSIM_PROFILE_DIR", "installed", "source tree" */
	size_t count;
	/* The directory next to the binary lives in the struct itself, so that the struct can
	 * be copied: dirs[beside_index] is NULL and profile_search_dir returns this. */
	char beside_binary[4096];
	size_t beside_index; /* PROFILE_MAX_DIRS when there is none */
} profile_search;

/* BIN/../share/auditsim/policies for the running binary BIN/auditsim, when BIN is a
 * directory named bin and that directory exists. */
bool profile_dir_beside_binary(char *buf, size_t cap);

/* The i-th directory of the search. */
const char *profile_search_dir(const profile_search *s, size_t i);

/* The search order of this build. A macro-using inline so that the directories come from
 * the binary's build flags wherever it is expanded (the command files). */
#ifndef AUDITSIM_PROFILE_DIR
#define AUDITSIM_PROFILE_DIR "/usr/local/share/auditsim/policies"
#endif
#ifndef AUDITSIM_SOURCE_PROFILE_DIR
#define AUDITSIM_SOURCE_PROFILE_DIR "policies"
#endif
static inline profile_search profile_search_default(void)
{
	profile_search s = { .beside_index = PROFILE_MAX_DIRS };
	const char *env = getenv("AUDITSIM_PROFILE_DIR");
	if (env && *env) {
		s.dirs[s.count] = env;
		s.origins[s.count++] = "$AUDITSIM_PROFILE_DIR";
	}
	s.dirs[s.count] = AUDITSIM_PROFILE_DIR;
	s.origins[s.count++] = "installed";
	if (profile_dir_beside_binary(s.beside_binary, sizeof s.beside_binary) &&
	    strcmp(s.beside_binary, AUDITSIM_PROFILE_DIR) != 0) {
		s.beside_index = s.count;
		s.origins[s.count++] = "installed";
	}
	s.dirs[s.count] = AUDITSIM_SOURCE_PROFILE_DIR;
	s.origins[s.count++] = "source tree";
	return s;
}

/* True when NAME is to be read as a path rather than looked up. */
bool profile_name_is_path(const char *name);

/* The file for NAME. Returns a newly allocated path (the caller frees it), or NULL with
 * *error set to a newly allocated message naming the directories searched. */
char *profile_find(const char *name, const profile_search *search, char **error);

typedef struct {
	char *name;        /* file name without .yaml */
	char *path;
	const char *origin; /* which search directory it came from (static) */
	char *comment;     /* the whole leading comment block, "# " removed */
	char *summary;     /* first sentence of "What it is:" */
	char *source;      /* "owner/repo @ 1234abcd", or the first sentence of "Source:" */
	char *version;     /* first sentence of "Version/date:" */
	char **assumptions; /* one sentence each: the first of each stated assumption */
	size_t assumption_count;
} profile_info;

/* Reads the comment block of the policy file at path. Returns false when the file cannot
 * be read. Always initialises *out; free with profile_info_free. */
bool profile_read_info(const char *name, const char *path, profile_info *out);

/* Every profile in the search directories, each name once (the first directory wins),
 * sorted by name. Returns an array of *count entries (free with profile_list_free). */
profile_info *profile_list(const profile_search *search, size_t *count);

void profile_info_free(profile_info *info);
void profile_list_free(profile_info *list, size_t count);

#endif
