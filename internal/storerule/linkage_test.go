package storerule

import (
	"fmt"
	"testing"

	"github.com/reckonhq/reckon"
)

func TestKeepPersonIDs(t *testing.T) {
	// Old persons: 10 = {1, 2}, 20 = {3}, 30 = {4, 5, 6}.
	personOf := map[int64]int64{1: 10, 2: 10, 3: 20, 4: 30, 5: 30, 6: 30}
	tests := []struct {
		name     string
		clusters [][]int64
		want     []int64
		gone     []int64
	}{
		{"unchanged", [][]int64{{1, 2}, {3}, {4, 5, 6}}, []int64{10, 20, 30}, nil},
		{"a new record joins", [][]int64{{1, 2, 7}, {3}, {4, 5, 6}, {8}}, []int64{10, 20, 30, 0}, nil},
		{"split: the larger part keeps the id", [][]int64{{4}, {5, 6}, {1, 2}, {3}}, []int64{0, 30, 10, 20}, nil},
		{"merge: one id survives", [][]int64{{1, 2, 3}, {4, 5, 6}}, []int64{10, 30}, []int64{20}},
		{"tie on a split: the first cluster", [][]int64{{1}, {2}, {3}, {4, 5, 6}}, []int64{10, 0, 20, 30}, nil},
	}
	for _, tt := range tests {
		got, gone := KeepPersonIDs(personOf, tt.clusters)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || fmt.Sprint(gone) != fmt.Sprint(tt.gone) {
			t.Errorf("%s: %v, gone %v; want %v, gone %v", tt.name, got, gone, tt.want, tt.gone)
		}
	}
	for _, bad := range []struct {
		clusters [][]int64
		records  int
	}{{[][]int64{{1}, {}}, 1}, {[][]int64{{1}, {1}}, 1}, {[][]int64{{1}}, 2}} {
		if reckon.ErrorCode(CheckPartition(bad.clusters, bad.records)) != reckon.EINVALID {
			t.Errorf("CheckPartition(%v, %d) accepted", bad.clusters, bad.records)
		}
	}
	if err := CheckPartition([][]int64{{1, 2}, {3}}, 3); err != nil {
		t.Error(err)
	}
}
