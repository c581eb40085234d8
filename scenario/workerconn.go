package scenario

import (
	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/target"
)

// ownConn returns the worker's own connection (target.WorkerConn), made on
// first use and again after the master moved away from its server
// (target.Topology) or the near cache's tracking was re-pointed
// (neartracking.go); nil when the instance's workers share its client.
func (w *worker) ownConn() *target.WorkerConn {
	if w.conn != nil && (w.conn.Moved() || w.inst.near != nil && w.inst.near.retrack(w.nearTracked.Load())) {
		_ = w.closeConn()
	}
	if w.conn == nil && w.inst.workerOpts != nil {
		opts := w.inst.workerOpts
		if w.inst.near != nil {
			opts = w.inst.near.workerOptions(opts, &w.nearDials, &w.nearTracked)
		}
		w.conn = target.NewWorkerConn(opts)
		if w.ca.topo != nil {
			w.conn.Follow(w.ca.topo)
		}
		if w.ca.openLoop {
			w.conn.SpinReads() // the open loop: notice the reply at once
		}
	}
	return w.conn
}

// client returns the client the worker sends go-redis's commands through:
// its own connection's, or the instance's shared client.
func (w *worker) client() redis.Cmdable {
	if c := w.ownConn(); c != nil {
		return c.Client()
	}
	return w.inst.client
}

// dropConnUnlessReply drops the worker's connection after a command failed
// with err, unless err is a reply from Redis (including redis.Nil), after
// which the connection is still in step.
func (w *worker) dropConnUnlessReply(err error) {
	if err == nil || w.conn == nil || target.IsReply(err) {
		return
	}
	_ = w.closeConn()
}

// closeConn closes the worker's connection and its client.
func (w *worker) closeConn() error {
	if w.conn == nil {
		return nil
	}
	err := w.conn.Close()
	w.conn = nil
	return err
}
