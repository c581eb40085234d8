package scenario

// Fill episodes and herd sizes, counted at the source.
//
// A fill episode of a key runs from the first cache miss of that key to the
// first successful SET of it (a fill, or the new value of an "update"
// invalidation); its herd size is the number of source loads of that key
// during the episode. A key has at most one open episode, and only keys with
// an open episode take memory, so memory stays bounded by the keys being
// filled at once (plus those whose fill failed, until their next SET).

// Miss notes a cache miss of key k: it opens a fill episode of k unless one
// is open.
func (s *Source) Miss(k uint64) {
	sh := s.shard(k)
	sh.mu.Lock()
	if _, open := sh.episodes[k]; !open {
		if sh.episodes == nil {
			sh.episodes = make(map[uint64]int64)
		}
		sh.episodes[k] = 0
	}
	sh.mu.Unlock()
}

// Filled notes a successful SET of key k: it closes k's open fill episode
// and returns its herd size (source loads during the episode) and true, or
// false when no episode was open.
func (s *Source) Filled(k uint64) (int64, bool) {
	sh := s.shard(k)
	sh.mu.Lock()
	n, open := sh.episodes[k]
	if open {
		delete(sh.episodes, k)
	}
	sh.mu.Unlock()
	return n, open
}

// OpenEpisodes returns the number of fill episodes open now.
func (s *Source) OpenEpisodes() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.episodes)
		sh.mu.Unlock()
	}
	return n
}

// countEpisodeCall counts one source load of key k towards its open
// episode, if any.
func (s *Source) countEpisodeCall(k uint64) {
	sh := s.shard(k)
	sh.mu.Lock()
	if n, open := sh.episodes[k]; open {
		sh.episodes[k] = n + 1
	}
	sh.mu.Unlock()
}
