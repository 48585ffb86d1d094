package trial

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Kinds of manifest rows. A recording kind names a file; a clinical score carries its number in Value.
const (
	KindMotorWrist = "motor_wrist" // CMAP after stimulation at the wrist (distal)
	KindMotorElbow = "motor_elbow" // CMAP after stimulation at the elbow (proximal); DistanceMM is elbow–wrist
	KindFWave      = "fwave"       // F-wave train
	KindRNS        = "rns"         // repetitive nerve stimulation train
	KindACh        = "ach"         // ACh-evoked current, two-electrode voltage clamp
	KindCMAPScan   = "cmapscan"    // CMAP scan (Qtrac MEM)
	KindHandgrip   = "handgrip_kg" // handgrip strength, kg
	KindMRC        = "mrc"         // MRC sum score
)

// recordingKinds and clinicalKinds list the manifest kinds DESIGN.md defines.
var (
	recordingKinds = []string{KindMotorWrist, KindMotorElbow, KindFWave, KindRNS, KindACh, KindCMAPScan}
	clinicalKinds  = []string{KindHandgrip, KindMRC}
)

// IsClinical reports whether kind is a clinical score, whose number is in the row's Value.
func IsClinical(kind string) bool { return contains(clinicalKinds, kind) }

// IsRecording reports whether kind names a recording file.
func IsRecording(kind string) bool { return contains(recordingKinds, kind) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Treatment is the arm a side was allocated to.
type Treatment string

const (
	Real Treatment = "real"
	Sham Treatment = "sham"
)

// Row is one line of a trial manifest.
type Row struct {
	Line       int    // line number in the manifest, from 1 (the header is line 1)
	Patient    string // patient code
	Side       string // e.g. "left", "right"
	Treatment  string // "real", "sham", or a coded label unblinded by a Key
	Visit      string // e.g. "baseline", "post"; visits are ordered as they first appear
	Kind       string // one of the Kind constants
	File       string // the recording, resolved against the manifest's folder (empty for clinical scores)
	DistanceMM float64
	Value      float64 // a clinical score's number; NaN for recordings
}

// Manifest is a parsed trial manifest.
type Manifest struct {
	Path string // the manifest file ("" when parsed from a reader)
	Rows []Row
	// Problems lists the rows that could not be read (an unknown kind, a missing number): each error
	// names the manifest line. The other rows are still analysed.
	Problems []error
}

// maxManifestBytes bounds what is read from a manifest: a 22-patient trial is ~40 kB, so 64 MiB
// (over a million rows) is far beyond any real study and still a bounded allocation.
const maxManifestBytes = 64 << 20

// ReadManifest reads and parses the manifest at path. Relative file names are resolved against the
// manifest's folder.
func ReadManifest(path string) (*Manifest, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ParseManifest(f, path)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// manifestColumns are the columns DESIGN.md defines; the last two are optional.
var manifestColumns = []string{"patient", "side", "treatment", "visit", "kind", "file", "distance_mm", "value"}

// ParseManifest parses a manifest read from r. name is the manifest's path: it names the file in errors
// and its folder resolves relative file names (the current folder when name is "").
// A manifest that cannot be read as a whole (no header, a missing column, bad CSV) is an error; a bad row
// is recorded in Problems and left out.
func ParseManifest(r io.Reader, name string) (*Manifest, error) {
	label := name
	if label == "" {
		label = "manifest"
	}
	data, err := io.ReadAll(io.LimitReader(r, maxManifestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	if len(data) > maxManifestBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB, not a trial manifest", label, maxManifestBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's UTF-8 byte-order mark
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = cr.Comma != '\t' // it would eat empty tab-separated fields
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty manifest", label)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range manifestColumns[:6] {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: header has no %q column (want %s)", label, c, strings.Join(manifestColumns, ","))
		}
	}
	dir := filepath.Dir(name)
	m := &Manifest{Path: name}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		row, err := parseRow(get, line, dir)
		if err != nil {
			m.Problems = append(m.Problems, &RowError{Manifest: label, Line: line, Err: err})
			continue
		}
		m.Rows = append(m.Rows, row)
	}
	if len(m.Rows) == 0 && len(m.Problems) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header", label)
	}
	return m, nil
}

func parseRow(get func(string) string, line int, dir string) (Row, error) {
	row := Row{Line: line, Patient: get("patient"), Side: get("side"), Treatment: get("treatment"),
		Visit: get("visit"), Kind: strings.ToLower(get("kind")), DistanceMM: nan(), Value: nan()}
	for _, f := range []struct{ name, v string }{{"patient", row.Patient}, {"side", row.Side},
		{"treatment", row.Treatment}, {"visit", row.Visit}, {"kind", row.Kind}} {
		if f.v == "" {
			return row, fmt.Errorf("empty %s", f.name)
		}
	}
	if row.Visit == "change" { // trial.ChangeVisit: the comparisons' name for last visit − first
		return row, fmt.Errorf("visit %q is reserved for the change from the first visit to the last; rename it", row.Visit)
	}
	switch {
	case IsRecording(row.Kind):
		file := get("file")
		if file == "" {
			return row, fmt.Errorf("%s row names no file", row.Kind)
		}
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		row.File = file
	case IsClinical(row.Kind):
		v, err := parseNumber(get("value"))
		if err != nil {
			return row, fmt.Errorf("%s row: value %w", row.Kind, err)
		}
		row.Value = v
	default:
		return row, fmt.Errorf("unknown kind %q (known: %s, %s)", row.Kind,
			strings.Join(recordingKinds, ", "), strings.Join(clinicalKinds, ", "))
	}
	if row.Kind == KindMotorElbow {
		d, err := parseNumber(get("distance_mm"))
		if err != nil || d <= 0 {
			return row, fmt.Errorf("motor_elbow row needs the elbow–wrist distance_mm > 0 (got %q)", get("distance_mm"))
		}
		row.DistanceMM = d
	}
	return row, nil
}

// sniffComma returns the field separator of a table from its first line: a comma, or the semicolon
// (spreadsheets in locales with a decimal comma) or tab when the line has those and no comma.
func sniffComma(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.IndexByte(line, ',') < 0 {
		switch {
		case bytes.IndexByte(line, ';') >= 0:
			return ';'
		case bytes.IndexByte(line, '\t') >= 0:
			return '\t'
		}
	}
	return ','
}

// RowError is a manifest row that could not be read.
type RowError struct {
	Manifest string
	Line     int
	Err      error
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Manifest, e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

var errNoNumber = errors.New("is empty")

func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, errNoNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64) // a decimal comma: 42,5
	}
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// PatientSide names one arm of one patient.
type PatientSide struct{ Patient, Side string }

// Key is an allocation table: the treatment of each patient's side. It unblinds a manifest whose
// treatment column holds coded labels.
type Key map[PatientSide]Treatment

// ReadKey reads an allocation CSV with header patient,side,treatment (treatment real or sham).
func ReadKey(path string) (Key, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxManifestBytes))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = cr.Comma != '\t' // it would eat empty tab-separated fields
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: no header (want patient,side,treatment): %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range []string{"patient", "side", "treatment"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: header has no %q column (want patient,side,treatment)", path, c)
		}
	}
	k := Key{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		ps := PatientSide{get("patient"), get("side")}
		tr, ok := parseTreatment(get("treatment"))
		if !ok || ps.Patient == "" || ps.Side == "" {
			return nil, fmt.Errorf("%s:%d: want a patient, a side and a treatment real or sham", path, line)
		}
		if old, dup := k[ps]; dup && old != tr {
			return nil, fmt.Errorf("%s:%d: %s %s allocated twice", path, line, ps.Patient, ps.Side)
		}
		k[ps] = tr
	}
	return k, nil
}

func parseTreatment(s string) (Treatment, bool) {
	switch Treatment(strings.ToLower(strings.TrimSpace(s))) {
	case Real:
		return Real, true
	case Sham:
		return Sham, true
	}
	return "", false
}
