package storerule

import "github.com/reckonhq/reckon"

// ReleaseFiles checks what [reckon.ReleaseStore.CreateRelease] requires
// of a release and its files, for both stores.
func ReleaseFiles(r *reckon.Release, files []reckon.ReleaseFile) error {
	if err := reckon.CheckReleaseName(r.Name); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range files {
		if err := reckon.CheckReleaseFileName(f.Name); err != nil {
			return reckon.Errorf(reckon.EINVALID, "release %s: %s", r.Name, reckon.ErrorMessage(err))
		}
		if seen[f.Name] {
			return reckon.Errorf(reckon.EINVALID, "release %s: file %s given twice", r.Name, f.Name)
		}
		seen[f.Name] = true
	}
	for _, need := range []string{reckon.ManifestFile, reckon.SignatureFile} {
		if !seen[need] {
			return reckon.Errorf(reckon.EINVALID, "release %s: no %s", r.Name, need)
		}
	}
	return nil
}
