package storerule

import (
	"errors"
	"fmt"
	"iter"

	"github.com/reckonhq/reckon"
)

// Wrap, deferred by each method of a store, names the store and the
// operation in an error that has no message for users, so that a log
// says what failed: "sqlite: save estimate: …". An error that carries a
// [reckon.Error] anywhere in its chain already says what is wrong to the
// user, and so does an error of the caller's own input (see [Input]):
// both are kept as they are. A method that fails in another names both:
// "sqlite: document 7 text: document 7: …".
func Wrap(store string, err *error, format string, args ...any) {
	if *err == nil {
		return
	}
	var e *reckon.Error
	var in *InputError
	if errors.As(*err, &e) || errors.As(*err, &in) {
		return
	}
	op := fmt.Sprintf(format, args...)
	if o, ok := (*err).(*OpError); ok && o.Store == store {
		op, *err = op+": "+o.Op, o.Err
	}
	*err = &OpError{Store: store, Op: op, Err: *err}
}

// OpError is an error of a store's database with the operation that met
// it.
type OpError struct {
	Store string // "sqlite", "postgres"
	Op    string // "save estimate", "claim 7"
	Err   error
}

func (e *OpError) Error() string { return e.Store + ": " + e.Op + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

// InputError is an error that the caller's own stream of input yielded
// (the records of ImportRecords, the chunks of AddDocument): a store
// passes it on as it came, with its text unchanged.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Input returns seq with each error it yields marked as an [InputError].
func Input[T any](seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range seq {
			if err != nil {
				err = &InputError{err}
			}
			if !yield(v, err) {
				return
			}
		}
	}
}
