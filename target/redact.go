package target

import (
	"net/url"
	"strings"
)

// Redact returns u with any password replaced by "xxxxx": the userinfo's
// password (between "://" and the last '@' before any '?') and the values
// of the query parameters password and sentinel_password. It works on
// strings that are not valid URLs too; other strings come back unchanged.
func Redact(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	if at := strings.LastIndex(path, "@"); at >= 0 {
		if user, _, hasPw := strings.Cut(path[:at], ":"); hasPw {
			path = user + ":xxxxx" + path[at:]
		}
	}
	out := scheme + "://" + path
	if !hasQuery {
		return out
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		k, _, _ := strings.Cut(p, "=")
		if k == "password" || k == "sentinel_password" {
			params[i] = k + "=xxxxx"
		}
	}
	return out + "?" + strings.Join(params, "&")
}

// scrubSecrets returns msg with the URL raw replaced by its redacted form
// and every password in raw (as written and percent-decoded), and every
// extra secret, replaced by "xxxxx".
func scrubSecrets(msg, raw string, extra ...string) string {
	if raw != "" {
		msg = strings.ReplaceAll(msg, raw, Redact(raw))
	}
	for _, s := range append(urlSecrets(raw), extra...) {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return msg
}

// urlSecrets returns the passwords written in a URL, raw and decoded,
// found the way Redact finds them.
func urlSecrets(u string) []string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return nil
	}
	path, query, _ := strings.Cut(rest, "?")
	var s []string
	if at := strings.LastIndex(path, "@"); at >= 0 {
		if _, pw, hasPw := strings.Cut(path[:at], ":"); hasPw {
			s = append(s, pw)
		}
	}
	for _, p := range strings.Split(query, "&") {
		if k, v, _ := strings.Cut(p, "="); k == "password" || k == "sentinel_password" {
			s = append(s, v)
		}
	}
	for _, v := range s {
		if d, err := url.PathUnescape(v); err == nil && d != v {
			s = append(s, d)
		}
	}
	return s
}
