-- The (list, id) index cost 15% of a large import (170k against 200k
-- records/s); a list's records are paged by scanning ids instead (see
-- Store.Records), which is quick while lists are large.
DROP INDEX records_list;
