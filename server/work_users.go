package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
)

// usersView is the admins' page of users and their API tokens.
type usersView struct {
	Users []userRow
	Roles []reckon.Role
	// Add is the form of a new user as typed.
	AddName, AddRole string
	Error            string
	// Done says what the last change did; Secret is a password or token
	// made by it, shown this once.
	Done, Secret string
}

// userRow is a user with the tokens the user holds.
type userRow struct {
	*reckon.User
	Tokens []*reckon.Token
	Self   bool // the user who reads the page
}

func (s *Server) usersView(r *http.Request, v *usersView) error {
	ctx := r.Context()
	us, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	v.Roles = reckon.Roles
	me := authUser(r)
	for _, u := range us {
		ts, err := s.store.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		v.Users = append(v.Users, userRow{User: u, Tokens: ts, Self: me != nil && me.ID == u.ID})
	}
	return nil
}

// renderUsers shows the users page with v's message; it is never kept,
// since it may show a secret.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, v *usersView) error {
	if err := s.usersView(r, v); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderStatus(w, r, status, "users", page{Title: "Users", Body: v})
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	return s.renderUsers(w, r, http.StatusOK, &usersView{AddRole: string(reckon.RoleAnalyst)})
}

// usersFailed shows the users page again with err.
func (s *Server) usersFailed(w http.ResponseWriter, r *http.Request, v *usersView, err error) error {
	_, status, msg := s.classify(r, err)
	if status >= 500 {
		return err
	}
	v.Error = msg
	return s.renderUsers(w, r, status, v)
}

func (s *Server) addUserForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	v := &usersView{AddName: strings.TrimSpace(f.Get("name")), AddRole: f.Get("role")}
	a, err := s.addUser(r.Context(), v.AddName, v.AddRole, f.Get("password"))
	if err != nil {
		return s.usersFailed(w, r, v, err)
	}
	s.log.Info("user added", "user", a.User.Name, "role", a.User.Role, "by", s.user(r))
	v.AddName, v.AddRole = "", string(reckon.RoleAnalyst)
	v.Done = "Added " + a.User.Name + " (" + string(a.User.Role) + ")."
	if a.Password != "" {
		v.Done += " Their password, shown this once, is below: give it to them in person or over a safe channel."
		v.Secret = a.Password
	}
	return s.renderUsers(w, r, http.StatusCreated, v)
}

// setUserForm changes a user's role, whether the user may sign in, and
// (when one is typed) the password.
func (s *Server) setUserForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	role, disabled := f.Get("role"), f.Get("disabled") == "true"
	ch := userChange{Role: &role, Disabled: &disabled}
	if pw := f.Get("password"); pw != "" {
		ch.Password = &pw
	}
	v := &usersView{AddRole: string(reckon.RoleAnalyst)}
	u, err := s.setUser(r.Context(), r.PathValue("name"), ch)
	if err != nil {
		return s.usersFailed(w, r, v, err)
	}
	s.log.Info("user changed", "user", u.Name, "role", u.Role, "disabled", u.Disabled, "by", s.user(r))
	v.Done = "Saved " + u.Name + ": " + string(u.Role)
	if u.Disabled {
		v.Done += ", may not sign in"
	}
	if ch.Password != nil {
		v.Done += ", new password"
	}
	v.Done += "."
	return s.renderUsers(w, r, http.StatusOK, v)
}

// addTokenForm makes an API token for a user and shows its secret once.
func (s *Server) addTokenForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	v := &usersView{AddRole: string(reckon.RoleAnalyst)}
	name := strings.TrimSpace(r.PostForm.Get("token_name"))
	u, err := s.pathUser(r)
	if err == nil {
		err = checkName("token name", name, maxNameBytes)
	}
	if err != nil {
		return s.usersFailed(w, r, v, err)
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	t := &reckon.Token{UserID: u.ID, Name: name}
	if err := s.store.CreateToken(r.Context(), t, hash); err != nil {
		return s.usersFailed(w, r, v, err)
	}
	s.log.Info("token added", "user", u.Name, "token", t.ID, "by", s.user(r))
	v.Done = "Made the token " + strconv.Quote(name) + " for " + u.Name + ". Its secret, shown this once, is below: send it as “Authorization: Bearer …”."
	v.Secret = secret
	return s.renderUsers(w, r, http.StatusCreated, v)
}

// revokeTokenForm revokes one of a user's tokens.
func (s *Server) revokeTokenForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	v := &usersView{AddRole: string(reckon.RoleAnalyst)}
	u, err := s.pathUser(r)
	if err != nil {
		return s.usersFailed(w, r, v, err)
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ts, err := s.store.Tokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	found := false
	for _, t := range ts {
		found = found || t.ID == id
	}
	if !found {
		return s.usersFailed(w, r, v, reckon.Errorf(reckon.ENOTFOUND, "%s has no token %d", u.Name, id))
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return s.usersFailed(w, r, v, err)
	}
	s.log.Info("token revoked", "user", u.Name, "token", id, "by", s.user(r))
	v.Done = "Revoked token " + strconv.FormatInt(id, 10) + " of " + u.Name + "."
	return s.renderUsers(w, r, http.StatusOK, v)
}

// pathUser finds the user the {name} wildcard names.
func (s *Server) pathUser(r *http.Request) (*reckon.User, error) {
	name := r.PathValue("name")
	if err := checkUserName("name", name); err != nil {
		return nil, err
	}
	return s.store.UserByName(r.Context(), name)
}
