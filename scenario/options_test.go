package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The strategy options: flags, defaults and validation.

func TestStrategyOptionOverrides(t *testing.T) {
	for _, tc := range []struct {
		flag, value string
		get         func(w Workload) any
		want        any
	}{
		{"instances", "4", func(w Workload) any { return w.Instances }, 4},
		{"xfetch-beta", "2.5", func(w Workload) any { return w.XFetchBeta }, 2.5},
		{"double-delete-delay", "250ms", func(w Workload) any { return w.DoubleDeleteDelay }, Duration(250 * time.Millisecond)},
		{"fill-delay", "20ms", func(w Workload) any { return w.FillDelay }, Duration(20 * time.Millisecond)},
		{"fill-delay", "0", func(w Workload) any { return w.FillDelay }, Duration(0)},
		{"invalidate-delay", "5ms", func(w Workload) any { return w.InvalidateDelay }, Duration(5 * time.Millisecond)},
		{"invalidate-mode", "delete-twice", func(w Workload) any { return w.InvalidateMode }, "delete-twice"},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			s := Spec{Workloads: []Workload{{}, {}}}
			if err := s.Override(tc.flag, tc.value); err != nil {
				t.Fatal(err)
			}
			for i, w := range s.Workloads {
				if got := tc.get(w); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("workload %d: %v, want %v", i, got, tc.want)
				}
			}
			if _, ok := FlagHelp[tc.flag]; !ok {
				t.Errorf("no help for --%s", tc.flag)
			}
		})
	}
}

func TestStrategyOptionOverrideErrors(t *testing.T) {
	for _, tc := range []struct{ flag, value string }{
		{"instances", "0"}, {"instances", "x"},
		{"xfetch-beta", "0"}, {"xfetch-beta", "-1"}, {"xfetch-beta", "NaN"}, {"xfetch-beta", "101"},
		{"double-delete-delay", "0"}, {"fill-delay", "-1ms"}, {"invalidate-delay", "soon"},
		{"invalidate-mode", "delete-thrice"}, {"strategy", "naive,magic"},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			s := Spec{}
			err := s.Override(tc.flag, tc.value)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--"+tc.flag {
				t.Errorf("error %v, want a FieldError on --%s", err, tc.flag)
			}
		})
	}
}

func TestStrategyListExpands(t *testing.T) {
	s := Spec{Name: "cmp"}
	if err := s.Override("strategy", "naive, singleflight,lease,xfetch"); err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, w := range p.Workloads() {
		names = append(names, w.Name)
		if w.Instances != 1 || w.XFetchBeta != 1 || w.DoubleDeleteDelay != Duration(100*time.Millisecond) {
			t.Errorf("%s: defaults not resolved: %+v", w.Name, w)
		}
	}
	if got := strings.Join(names, " "); got != "cmp/naive cmp/singleflight cmp/lease cmp/xfetch" {
		t.Errorf("workloads %s", got)
	}
}

func TestStrategyOptionValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(w *Workload)
		field string // "" = valid
	}{
		{"defaults", func(w *Workload) {}, ""},
		{"instances up to workers", func(w *Workload) { w.Workers, w.Instances = 4, 4 }, ""},
		{"more instances than workers", func(w *Workload) { w.Workers, w.Instances = 4, 5 }, "workloads[0].instances"},
		{"negative instances", func(w *Workload) { w.Instances = -1 }, "workloads[0].instances"},
		{"negative beta", func(w *Workload) { w.XFetchBeta = -1 }, "workloads[0].xfetch_beta"},
		{"negative fill delay", func(w *Workload) { w.FillDelay = -1 }, "workloads[0].fill_delay"},
		{"huge invalidate delay", func(w *Workload) { w.InvalidateDelay = Duration(time.Hour) }, "workloads[0].invalidate_delay"},
		{"negative double-delete delay", func(w *Workload) { w.DoubleDeleteDelay = -1 }, "workloads[0].double_delete_delay"},
		{"delete-twice", func(w *Workload) { w.InvalidateMode = "delete-twice" }, ""},
		{"unknown mode", func(w *Workload) { w.InvalidateMode = "purge" }, "workloads[0].invalidate_mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{Workloads: []Workload{{}}}
			s.Resolve()
			tc.edit(&s.Workloads[0])
			err := s.Validate()
			var fe *FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
				t.Errorf("error %v, want one on %s", err, tc.field)
			}
		})
	}
}
