package reckon

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: the command line maps them to exit
// statuses and the server to HTTP statuses.
const (
	ECONFLICT  = "conflict"  // the action conflicts with the current state
	EINTERNAL  = "internal"  // a bug or an unexpected failure
	EINVALID   = "invalid"   // the input is invalid
	ENOTFOUND  = "not_found" // the entity does not exist
	EFORBIDDEN = "forbidden" // the caller may not do or see this
)

// Error is reckon's domain error. Message is safe to show to a user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a
// nil error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "internal error" for errors whose text must not be shown to users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
