/*
 * schema.c - the fields of a ticket record as JSON Schema (draft 2020-12),
 * for cmp-ls --schema (SPEC §9), so that other tools can check records
 * before they give them to cmp, or after they take them.
 *
 * Every value is text (SPEC §3).  The schema says which text: a time as
 * cmp writes it (ISO 8601 with its offset), a count as digits, and the
 * values a field may take as the policy in effect lists them (cmp's fixed
 * lists and [values]), read from policy.c, never written here: a store
 * whose policy adds a category gets a schema with it.  An empty value is
 * always allowed, as the tools allow it; fields cmp does not know pass
 * through (SPEC §3), so any other field is allowed as text.
 */
#include <jansson.h>
#include <string.h>

#include "cmp.h"

/* A time as cmp writes it: 2026-11-22T09:30:00+08:00, or empty. */
static const char time_pattern[] =
    "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$";

/* The schema of FIELD's value. */
static json_t *
field_schema(const struct policy *p, const char *field)
{
	json_t *f = json_object();
	size_t n;
	const char *const *values = policy_values(p, field, &n);

	json_object_set_new(f, "type", json_string("string"));
	if (values) {
		json_t *e = json_array();
		json_array_append_new(e, json_string(""));
		for (size_t i = 0; i < n; i++)
			json_array_append_new(e, json_string(values[i]));
		json_object_set_new(f, "enum", e);
	} else if (field_is_time(field)) {
		json_object_set_new(f, "pattern", json_string(time_pattern));
		json_object_set_new(f, "description", json_string("ISO 8601 time with offset, or empty"));
	} else if (field_is_count(field)) {
		json_object_set_new(f, "pattern", json_string("^[0-9]*$"));
		json_object_set_new(f, "description", json_string("a count; empty is 0"));
	} else if (strcmp(field, "id") == 0)
		json_object_set_new(f, "minLength", json_integer(1));
	return f;
}

/* Print the schema of a record under the policy P to FP (checked by the caller). */
void
schema_print(const struct policy *p, FILE *fp)
{
	json_t *root = json_object(), *props = json_object();
	const char *extra;

	json_object_set_new(root, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
	json_object_set_new(root, "title", json_string("cmp ticket record"));
	json_object_set_new(root, "description", json_string(
	    "A ticket as cmp writes it (cmp-records(5)): text fields, the canonical ones "
	    "listed; other fields pass through. Allowed values are those of the policy in effect."));
	json_object_set_new(root, "type", json_string("object"));
	for (size_t i = 0; i < ncanonical_fields; i++)
		json_object_set_new(props, canonical_fields[i], field_schema(p, canonical_fields[i]));
	for (size_t i = 0; (extra = policy_values_field(p, i)); i++)
		if (!field_is_canonical(extra))
			json_object_set_new(props, extra, field_schema(p, extra));
	json_object_set_new(root, "properties", props);
	json_t *any = json_object();
	json_object_set_new(any, "type", json_string("string"));
	json_object_set_new(root, "additionalProperties", any);
	json_t *req = json_array();
	json_array_append_new(req, json_string("id"));
	json_array_append_new(req, json_string("status"));
	json_object_set_new(root, "required", req);
	if (json_dumpf(root, fp, JSON_INDENT(2)) != 0)
		die(EX_IOERR, "stdout: write error:");
	putc('\n', fp);
	json_decref(root);
}
