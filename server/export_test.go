package server

// WriteRoutes returns the patterns ("POST /api/v1/sources") of the
// routes that change the workspace, for the tests of package server_test.
func WriteRoutes(s *Server) []string {
	var out []string
	for _, rt := range s.routes {
		if rt.write {
			out = append(out, rt.method+" "+rt.path)
		}
	}
	return out
}

// Routes returns the patterns ("GET /api/v1/persons/{id}") of every route
// of s, for the privacy scanner of package server_test.
func Routes(s *Server) []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.method + " " + rt.path
	}
	return out
}
