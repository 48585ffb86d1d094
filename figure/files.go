package figure

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
)

// stem is a file's base name without its extension, for figure names.
func stem(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// CMAPFile measures every sweep of path exactly as `endplate cmap` does (ncs.Sweeps and ncs.CMAPSweeps with
// opt) and draws each sweep that could be measured. Figures are named <file>-cmap[-sweep<k>].
func CMAPFile(path string, opt *ncs.FileOptions) ([]*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	sw, err := ncs.Sweeps(r, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cs := ncs.CMAPSweeps(sw, opt)
	return sweepFigures(path, "cmap", len(cs), sw, func(k int) error { return cs[k].Err },
		func(k int) *Figure { return CMAP(sw[k].Trace, cs[k].CMAP) })
}

// sweepFigures draws each of a file's n measured sweeps whose err(k) is nil (and that sw holds) with
// draw(k), naming the figures <file>-<kind>[-sweep<k>] and titling them with the sweep and the
// file. With no sweep drawn it returns the first sweep's error, wrapped with path.
func sweepFigures(path, kind string, n int, sw []ncs.Sweep, err func(k int) error, draw func(k int) *Figure) ([]*Figure, error) {
	var figs []*Figure
	for k := range n {
		if err(k) != nil || k >= len(sw) {
			continue
		}
		f := draw(k)
		f.Name = stem(path) + "-" + kind
		if n > 1 {
			f.Name += "-sweep" + strconv.Itoa(k+1)
			f.Title += ", sweep " + strconv.Itoa(k+1)
		}
		f.Title += " — " + filepath.Base(path)
		figs = append(figs, f)
	}
	if len(figs) == 0 && n > 0 && err(0) != nil {
		return nil, fmt.Errorf("%s: %w", path, err(0))
	}
	return figs, nil
}

// MotorFiles measures a motor study exactly as `endplate motor` does (ncs.MotorFiles) and draws it.
func MotorFiles(distal, proximal string, distanceMM float64, opt *ncs.MotorOptions) (*Figure, error) {
	m, err := ncs.MotorFiles(distal, proximal, distanceMM, opt)
	if err != nil {
		return nil, err
	}
	var fo *ncs.FileOptions
	if opt != nil {
		fo = &opt.FileOptions
	}
	first := func(path string) (ephys.Trace, error) {
		r, err := ephys.Open(path)
		if err != nil {
			return ephys.Trace{}, err
		}
		defer r.Close()
		sw, err := ncs.Sweeps(r, fo)
		if err != nil {
			return ephys.Trace{}, fmt.Errorf("%s: %w", path, err)
		}
		return sw[0].Trace, nil
	}
	d, err := first(distal)
	if err != nil {
		return nil, err
	}
	p, err := first(proximal)
	if err != nil {
		return nil, err
	}
	f := Motor(m, d, p)
	f.Name = stem(distal) + "-motor"
	f.Title += " — " + filepath.Base(distal) + ", " + filepath.Base(proximal)
	return f, nil
}

// FWaveFile analyses path exactly as `endplate fwave` does (ncs.Sweeps, then ncs.FWaveSweeps, as
// ncs.FWaves does) and draws the raster.
func FWaveFile(path string, opt *ncs.FWaveOptions) (*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var fo *ncs.FileOptions
	if opt != nil {
		fo = &opt.FileOptions
	}
	sw, err := ncs.Sweeps(r, fo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t, err := ncs.FWaveSweeps(sw, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f := FWaves(t, sw)
	f.Name = stem(path) + "-fwave"
	f.Title += " — " + filepath.Base(path)
	return f, nil
}

// RNSFile analyses path exactly as `endplate rns` does (ncs.RNS) and draws the train.
func RNSFile(path string, opt *ncs.FileOptions) (*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := RNSRecording(r, opt)
	if err != nil {
		return nil, err
	}
	f.Name = stem(path) + "-rns"
	f.Title += " — " + filepath.Base(path)
	return f, nil
}

// RNSRecording analyses a recording as a repetitive-stimulation train (ncs.RNS) and draws it.
func RNSRecording(r *ephys.Recording, opt *ncs.FileOptions) (*Figure, error) {
	t, err := ncs.RNS(r, opt)
	if err != nil {
		return nil, err
	}
	sw, err := ncs.Sweeps(r, opt)
	if err != nil {
		return nil, err
	}
	return RNS(t, sw), nil
}

// ScanFile measures the CMAP scan in path exactly as `endplate cmapscan` does (ncs.AnalyzeScan) and
// draws it.
func ScanFile(path string, opt *ncs.ScanOptions) (*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res, err := ncs.AnalyzeScan(r, opt)
	if err != nil {
		return nil, err
	}
	f := Scan(res, r.Scan.Points)
	f.Name = stem(path) + "-cmapscan"
	f.Title += " — " + filepath.Base(path)
	return f, nil
}

// AChRecording analyses a voltage-clamp recording exactly as `endplate ach` does (patch.Analyze) and
// draws each response, then, with two or more applications, the rundown.
func AChRecording(r *ephys.Recording, opt *patch.Options) ([]*Figure, *patch.Analysis, error) {
	an, err := patch.Analyze(r, opt)
	if err != nil {
		return nil, nil, err
	}
	var figs []*Figure
	traces := map[int]ephys.Trace{}
	for k, res := range an.Responses {
		tr, ok := traces[res.Sweep]
		if !ok {
			if tr, err = r.Trace(an.Channel, res.Sweep); err != nil {
				return nil, an, err
			}
			if strings.TrimSpace(tr.Unit) == "" {
				tr.Unit = "nA" // patch reads a channel without a unit as nA
			}
			if tr, err = tr.In("nA"); err != nil {
				return nil, an, err
			}
			traces[res.Sweep] = tr
		}
		f := ACh(tr, res)
		f.Name = "ach-app" + strconv.Itoa(k+1)
		if len(an.Responses) > 1 {
			f.Title += ", application " + strconv.Itoa(k+1)
		}
		figs = append(figs, f)
	}
	if len(an.Responses) >= 2 {
		figs = append(figs, Rundown(an.Rundown()))
	}
	return figs, an, nil
}

// AChFile is AChRecording on the file at path; figures are named <file>-ach-app<k> and
// <file>-rundown.
func AChFile(path string, opt *patch.Options) ([]*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	figs, _, err := AChRecording(r, opt)
	if err != nil {
		if !strings.Contains(err.Error(), path) {
			err = fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	for _, f := range figs {
		f.Name = stem(path) + "-" + f.Name
		f.Title += " — " + filepath.Base(path)
	}
	return figs, nil
}

// DoseFiles fits a dose–response series exactly as `endplate dose` does (patch.DoseFiles) and draws
// it; unit names the concentrations' unit.
func DoseFiles(paths []string, conc []float64, unit string, opt *patch.Options) (*Figure, error) {
	d, err := patch.DoseFiles(paths, conc, opt)
	if err != nil {
		return nil, err
	}
	f := Dose(d, unit)
	if len(paths) > 0 {
		f.Name = stem(paths[0]) + "-dose"
		f.Title += " — " + filepath.Base(paths[0])
		if len(paths) > 1 {
			f.Title += " …"
		}
	}
	return f, nil
}
