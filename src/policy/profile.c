/* profile: finding profiles and reading their comment blocks.
 *
 * The comment block of a shipped profile is prose with headed sections: an unindented
 * "Heading: text" line starts one, indented lines continue it, "- " starts a bullet.
 * Assumptions are the bullets of an "Assumptions" section, and in a combined
 * "Transformations and assumptions" section the bullets that say "Assumed" or state what
 * is not modelled (the others there are transformations). */
#include "profile.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "closest_name.h"
#include "xalloc.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool profile_name_is_path(const char *name)
{
	return strchr(name, '/') || ends_with(name, ".yaml") || ends_with(name, ".yml");
}

static bool file_exists(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f)
		fclose(f);
	return f != NULL;
}

const char *profile_search_dir(const profile_search *s, size_t i)
{
	return i == s->beside_index ? s->beside_binary : s->dirs[i];
}

bool profile_dir_beside_binary(char *buf, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0'; /* the binary's directory */
	slash = strrchr(exe, '/');
	if (!slash || strcmp(slash + 1, "bin") != 0)
		return false;
	*slash = '\0'; /* the prefix */
	int len = snprintf(buf, cap, "%s/share/auditsim/policies", exe);
	struct stat st;
	return len > 0 && (size_t)len < cap && stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "; did you mean \"gke\"?" when a shipped profile's name is close to name, else "".
 * Allocated. (profile_list is defined below; reading the comment blocks costs a few
 * small reads, only on this error path.) */
static char *nearest_profile_hint(const char *name, const profile_search *search)
{
	size_t count = 0;
	profile_info *list = profile_list(search, &count);
	const char **names = xcalloc(count ? count : 1, sizeof *names);
	for (size_t i = 0; i < count; i++)
		names[i] = list[i].name;
	const char *near = closest_name(name, names, count);
	char *hint = near ? xasprintf("; did you mean \"%s\"?", near) : xstrdup("");
	free(names);
	profile_list_free(list, count);
	return hint;
}

char *profile_find(const char *name, const profile_search *search, char **error)
{
	*error = NULL;
	if (profile_name_is_path(name))
		return xstrdup(name);
	for (size_t i = 0; i < search->count; i++) {
		char *path = xasprintf("%s/%s.yaml", profile_search_dir(search, i), name);
		if (file_exists(path))
			return path;
		free(path);
	}
	char *dirs = xstrdup("");
	for (size_t i = 0; i < search->count; i++) {
		char *more = xasprintf("%s%s%s", dirs, i ? ", " : "", profile_search_dir(search, i));
		free(dirs);
		dirs = more;
	}
	char *hint = nearest_profile_hint(name, search);
	*error = xasprintf("no profile \"%s\"%s (looked for %s.yaml in %s; `auditsim profiles` "
	                   "lists them)", name, hint, name, dirs);
	free(hint);
	free(dirs);
	return NULL;
}

/* --- the comment block --- */

/* The leading "#" lines, each without "#" and one following space. */
static char *read_comment_block(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *block = xstrdup(""), line[1024];
	size_t len = 0;
	while (fgets(line, sizeof line, f) && line[0] == '#') {
		const char *text = line + 1 + (line[1] == ' ');
		size_t n = strlen(text);
		block = xreallocarray(block, len + n + 2, 1);
		memcpy(block + len, text, n + 1);
		len += n;
		if (len == 0 || block[len - 1] != '\n')
			block[len++] = '\n', block[len] = '\0';
	}
	fclose(f);
	return block;
}

/* The heading of an unindented "Heading: text" line, or 0 when it is not one. */
static size_t heading_length(const char *line)
{
	if (!isupper((unsigned char)line[0]))
		return 0;
	const char *colon = strchr(line, ':');
	const char *eol = strchr(line, '\n');
	if (!colon || (eol && colon > eol) || colon - line > 80)
		return 0;
	return (size_t)(colon - line);
}

/* Appends a line's text to *out with single spaces. */
static void append_words(char **out, const char *s, size_t n)
{
	size_t len = strlen(*out);
	*out = xreallocarray(*out, len + n + 2, 1);
	for (size_t i = 0; i < n; i++) {
		char c = isspace((unsigned char)s[i]) ? ' ' : s[i];
		if (c == ' ' && (len == 0 || (*out)[len - 1] == ' '))
			continue;
		(*out)[len++] = c;
	}
	if (len && (*out)[len - 1] != ' ')
		(*out)[len++] = ' ';
	(*out)[len] = '\0';
}

/* The first sentence of prose: up to the first ". " (kept), trimmed. */
static char *first_sentence(const char *text)
{
	const char *end = strstr(text, ". ");
	size_t n = end ? (size_t)(end - text) + 1 : strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	return xstrndup(text, n);
}

typedef struct {
	profile_info *info;
	char *heading;
	char *text;    /* the section's prose so far */
	char *bullet;  /* the current bullet */
} block_reader;

static bool assumption_wanted(const block_reader *r, const char *bullet)
{
	char lower[128];
	size_t i;
	for (i = 0; i < sizeof lower - 1 && r->heading[i]; i++)
		lower[i] = (char)tolower((unsigned char)r->heading[i]);
	lower[i] = '\0';
	if (!strstr(lower, "assumption"))
		return false;
	if (strncmp(lower, "assumptions", 11) == 0)
		return true;
	return strncmp(bullet, "Assumed", 7) == 0 || strncmp(bullet, "Not modelled", 12) == 0 ||
	       strstr(bullet, "modelled") != NULL;
}

static void end_bullet(block_reader *r)
{
	if (r->bullet && r->heading && assumption_wanted(r, r->bullet)) {
		profile_info *p = r->info;
		p->assumptions = xreallocarray(p->assumptions, p->assumption_count + 1,
		                               sizeof *p->assumptions);
		/* "Assumed: X" says no more than "X" under an assumptions heading */
		const char *text = r->bullet;
		if (strncmp(text, "Assumed: ", 9) == 0)
			text += 9;
		p->assumptions[p->assumption_count++] = first_sentence(text);
	}
	free(r->bullet);
	r->bullet = NULL;
}

static void end_section(block_reader *r)
{
	end_bullet(r);
	profile_info *p = r->info;
	if (r->heading && r->text) {
		char **slot = NULL;
		if (strcmp(r->heading, "What it is") == 0)
			slot = &p->summary;
		else if (strncmp(r->heading, "Version", 7) == 0)
			slot = &p->version;
		if (slot && !*slot)
			*slot = first_sentence(r->text);
		if (strncmp(r->heading, "Source", 6) == 0 && !p->source)
			p->source = xstrdup(r->text);
	}
	free(r->heading);
	free(r->text);
	r->heading = r->text = NULL;
}

static void read_line(block_reader *r, const char *line, size_t n)
{
	size_t head = heading_length(line);
	if (head || (n && !isspace((unsigned char)line[0]))) {
		end_section(r);
		if (!head)
			return;
		r->heading = xstrndup(line, head);
		r->text = xstrdup("");
		line += head + 1;
		n -= head + 1;
	}
	if (!r->heading)
		return;
	size_t indent = strspn(line, " ");
	if (indent < n && line[indent] == '-' && line[indent + 1] == ' ') {
		end_bullet(r);
		r->bullet = xstrdup("");
		append_words(&r->bullet, line + indent + 2, n - indent - 2);
	} else if (r->bullet && n > indent) {
		append_words(&r->bullet, line, n);
	}
	append_words(&r->text, line, n);
}

/* "owner/repo @ 1234abcd" from "repository owner/repo, path ..., commit 1234...". */
static char *short_source(const char *text)
{
	const char *repo = strstr(text, "repository ");
	if (!repo || repo != text)
		return first_sentence(text);
	repo += strlen("repository ");
	size_t repo_len = strcspn(repo, " ,;");
	const char *commit = strstr(text, "commit ");
	if (!commit)
		return xstrndup(repo, repo_len);
	commit += strlen("commit ");
	size_t commit_len = strspn(commit, "0123456789abcdef");
	return xasprintf("%.*s @ %.*s", (int)repo_len, repo, (int)(commit_len > 8 ? 8 : commit_len),
	                 commit);
}

bool profile_read_info(const char *name, const char *path, profile_info *out)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	out->path = xstrdup(path);
	out->comment = read_comment_block(path);
	if (!out->comment)
		return false;
	block_reader r = { out, NULL, NULL, NULL };
	for (const char *line = out->comment; *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		read_line(&r, line, n);
		line += n + (eol != NULL);
	}
	end_section(&r);
	if (out->source) {
		char *full = out->source;
		out->source = short_source(full);
		free(full);
	}
	return true;
}

/* --- listing --- */

static bool listed(const profile_info *list, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++) {
		if (strcmp(list[i].name, name) == 0)
			return true;
	}
	return false;
}

static size_t add_dir(const char *dir, const char *origin, profile_info **list, size_t count)
{
	DIR *d = opendir(dir);
	if (!d)
		return count;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 5 || !ends_with(e->d_name, ".yaml"))
			continue;
		char *name = xstrndup(e->d_name, n - 5);
		if (!listed(*list, count, name)) {
			char *path = xasprintf("%s/%s", dir, e->d_name);
			*list = xreallocarray(*list, count + 1, sizeof **list);
			profile_read_info(name, path, &(*list)[count]);
			(*list)[count++].origin = origin;
			free(path);
		}
		free(name);
	}
	closedir(d);
	return count;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const profile_info *)a)->name, ((const profile_info *)b)->name);
}

profile_info *profile_list(const profile_search *search, size_t *count)
{
	profile_info *list = NULL;
	size_t n = 0;
	for (size_t i = 0; i < search->count; i++)
		n = add_dir(profile_search_dir(search, i), search->origins[i], &list, n);
	if (n)
		qsort(list, n, sizeof *list, by_name);
	*count = n;
	return list;
}

void profile_info_free(profile_info *info)
{
	free(info->name);
	free(info->path);
	free(info->comment);
	free(info->summary);
	free(info->source);
	free(info->version);
	for (size_t i = 0; i < info->assumption_count; i++)
		free(info->assumptions[i]);
	free(info->assumptions);
	memset(info, 0, sizeof *info);
}

void profile_list_free(profile_info *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		profile_info_free(&list[i]);
	free(list);
}
