package scenario

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/target"
)

// errNearNeedsStandalone: the near strategies track keys per connection,
// which this tool sets up on a standalone (or Sentinel-managed) server's
// connections only.
var errNearNeedsStandalone = errors.New("near cache: needs a standalone or Sentinel target (not a cluster)")

// CheckTracking checks, before any load, that target t (reached through
// its connected client c) can serve the plan's near strategies: that it
// is not a cluster and that it accepts CLIENT TRACKING with a redirect to
// a RESP2 subscriber, in the tracking modes the plan uses. Without near
// workloads it does nothing. A target that lacks the capability gives a
// *FieldError on --strategy naming the target and what is missing (exit 2);
// a connection failure is returned wrapped.
func (p *Plan) CheckTracking(ctx context.Context, t target.Target, c redis.UniversalClient) error {
	modes := map[string]bool{}
	for _, w := range p.workloads {
		if isNear(w.Strategy) {
			modes[w.Tracking] = true
		}
	}
	if len(modes) == 0 {
		return nil
	}
	missing := func(what string, err error) error {
		msg := fmt.Sprintf("near and near-unsafe need server-assisted client-side caching, and target %s (%s) lacks %s", t.Name, t.Redacted(), what)
		if err != nil {
			msg += ": " + err.Error()
		}
		return fieldErr("--strategy", "%s; choose another strategy for this target", msg)
	}
	opts := target.WorkerOptions(c)
	if opts == nil {
		return missing("per-connection tracking this tool can set up (it is a cluster or a client of another kind)", nil)
	}
	o := *opts
	o.Protocol = 2
	sub := redis.NewClient(&o)
	defer sub.Close()
	subConn := sub.Conn()
	defer subConn.Close()
	id, err := subConn.ClientID(ctx).Result()
	if err != nil {
		if target.IsReply(err) {
			return missing("CLIENT ID (Redis 5 or later)", err)
		}
		return fmt.Errorf("scenario: check tracking on %s: %w", t.Name, err)
	}
	ctrl := redis.NewClient(&o)
	defer ctrl.Close()
	cn := ctrl.Conn()
	defer cn.Close()
	for _, mode := range []string{"default", "bcast"} {
		if !modes[mode] {
			continue
		}
		prefix := ""
		if mode == "bcast" {
			prefix = "cacheaside-probe:"
		}
		err := track(ctx, cn, id, prefix)
		if err == nil {
			err = cn.Process(ctx, redis.NewStatusCmd(ctx, "CLIENT", "TRACKING", "off"))
		}
		var re redis.Error
		if errors.As(err, &re) {
			return missing(fmt.Sprintf("CLIENT TRACKING with REDIRECT (%s mode; Redis 6 or later)", mode), re)
		}
		if err != nil {
			return fmt.Errorf("scenario: check tracking on %s: %w", t.Name, err)
		}
	}
	return nil
}
