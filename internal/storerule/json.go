package storerule

import (
	"encoding/json"
	"fmt"
)

// DecodeJSON reads the JSON a store keeps in column (such as
// "estimates.lists") into v; empty text leaves v as it is. Text that is
// not such JSON is an error naming the column (and not its content),
// rather than a value silently left empty.
func DecodeJSON(column, text string, v any) error {
	if text == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("column %s: %w", column, err)
	}
	return nil
}
