package storerule

import "time"

// timeFormat is how both stores keep a time: text in UTC with nine
// fractional digits ("2025-01-02T03:04:05.123456789Z"), exact to the
// nanosecond, so that copies between the stores are lossless, and of
// fixed width, so that text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime returns t as the stores keep it.
func FormatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// ParseTime reads a time the stores keep, or any RFC 3339 time; text
// that is not one is the zero time.
func ParseTime(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}
