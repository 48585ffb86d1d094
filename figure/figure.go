package figure

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one drawing of a measure: one or more panels stacked top to bottom, sharing their width
// (their data areas are aligned, so a time axis reads the same in every panel). Everything drawn is
// kept as Marks in data coordinates, so a program (or a test) can read where each marker sits.
type Figure struct {
	Name    string // short file-name stem, e.g. "cmap-sweep1"
	Title   string // drawn above the top panel
	Caption string // one or two sentences saying what is drawn, for a report
	Width   vg.Length
	Height  vg.Length
	Panels  []*Panel
	Cols    int // panels per row; 0 or 1 stacks them top to bottom
}

// Panel is one plot of a figure with the marks drawn on it.
type Panel struct {
	Plot   *plot.Plot // the gonum plot: axes, labels, legend (may be restyled before rendering)
	Weight float64    // share of the figure's height, relative to the other panels' (0 means 1)
	Marks  []*Mark

	area   vg.Rectangle // the data area on the canvas at the last rendering
	xr, yr [2]float64   // the axis ranges at the last rendering
}

// MarkKind says how a Mark's coordinates are read.
type MarkKind int

const (
	Line   MarkKind = iota // a polyline through (X[i], Y[i]); NaN breaks it
	Points                 // glyphs at (X[i], Y[i])
	VLine                  // vertical lines at X[i], across the panel
	HLine                  // horizontal lines at Y[i], across the panel
	XSpan                  // a shaded band X[0] ≤ x ≤ X[1], across the panel
	YSpan                  // a shaded band Y[0] ≤ y ≤ Y[1], across the panel
	Fill                   // a filled polygon through (X[i], Y[i])
	Text                   // Label written at (X[0], Y[0])
)

// Mark is one element drawn on a panel, in the panel's data coordinates (the units of its axes).
type Mark struct {
	Name  string // what it shows: "trace", "baseline", "onset", "neg_peak", …
	Kind  MarkKind
	X, Y  []float64
	Label string // the legend entry (or the text of a Text mark); "" for none

	style style
	drawn []vg.Point // canvas positions of X, Y at the last rendering (VLine: Y is the area's bottom)
}

// style is how a mark is drawn.
type style struct {
	color  color.Color
	width  vg.Length
	dashes []vg.Length
	glyph  draw.GlyphDrawer
	radius vg.Length
	align  [2]float64 // text alignment (x, y): −1 left/bottom … 0 centre
}

// Colours that stay apart in grey-scale: black for data, a dark blue and a vermilion whose
// luminances differ (about 0.15 and 0.35 of white), mid and light greys; marks of the same colour
// differ by dash pattern or glyph.
var (
	black     = color.Gray{0}
	darkGrey  = color.Gray{0x55}
	midGrey   = color.Gray{0x99}
	lightGrey = color.NRGBA{0x99, 0x99, 0x99, 0x70}
	paleGrey  = color.NRGBA{0x99, 0x99, 0x99, 0x38}
	blue      = color.NRGBA{0x00, 0x4c, 0x99, 0xff}
	vermilion = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	blueFill  = color.NRGBA{0x00, 0x4c, 0x99, 0x40}
)

var (
	dashed = []vg.Length{vg.Points(5), vg.Points(3)}
	dotted = []vg.Length{vg.Points(1.5), vg.Points(2)}
	dashDt = []vg.Length{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)}
)

// newFigure returns a figure of the usual size (6.5 × 4 in, a page's text width) with panels
// of the given weights.
func newFigure(name, title string, weights ...float64) *Figure {
	if len(weights) == 0 {
		weights = []float64{1}
	}
	f := &Figure{Name: name, Title: title, Width: 6.5 * vg.Inch, Height: 4 * vg.Inch}
	for _, w := range weights {
		p := plot.New()
		p.Legend.Top = true
		p.Legend.TextStyle.Font.Size = vg.Points(8)
		p.Legend.ThumbnailWidth = vg.Points(18)
		p.X.Label.TextStyle.Font.Size = vg.Points(10)
		p.Y.Label.TextStyle.Font.Size = vg.Points(10)
		p.X.Tick.Marker = niceTicks{}
		p.Y.Tick.Marker = niceTicks{}
		f.Panels = append(f.Panels, &Panel{Plot: p, Weight: w})
	}
	return f
}

// Mark returns the first mark named name on any panel, or nil.
func (f *Figure) Mark(name string) *Mark {
	for _, p := range f.Panels {
		if m := p.Mark(name); m != nil {
			return m
		}
	}
	return nil
}

// Mark returns the panel's first mark named name, or nil.
func (p *Panel) Mark(name string) *Mark {
	for _, m := range p.Marks {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// add puts a mark on the panel, drawn after those already there.
func (p *Panel) add(m *Mark) *Mark {
	p.Marks = append(p.Marks, m)
	p.Plot.Add(markPlotter{m, p})
	if m.Label != "" && m.Kind != Text {
		p.Plot.Legend.Add(m.Label, markPlotter{m, p})
	}
	return m
}

func (p *Panel) line(name, label string, x, y []float64, s style) *Mark {
	return p.add(&Mark{Name: name, Kind: Line, X: x, Y: y, Label: label, style: s})
}

func (p *Panel) points(name, label string, x, y []float64, s style) *Mark {
	return p.add(&Mark{Name: name, Kind: Points, X: x, Y: y, Label: label, style: s})
}

func (p *Panel) vline(name, label string, x float64, s style) *Mark {
	return p.add(&Mark{Name: name, Kind: VLine, X: []float64{x}, Y: []float64{math.NaN()}, Label: label, style: s})
}

func (p *Panel) hline(name, label string, y float64, s style) *Mark {
	return p.add(&Mark{Name: name, Kind: HLine, X: []float64{math.NaN()}, Y: []float64{y}, Label: label, style: s})
}

func (p *Panel) xspan(name, label string, x0, x1 float64, c color.Color) *Mark {
	return p.add(&Mark{Name: name, Kind: XSpan, X: []float64{x0, x1}, Y: []float64{math.NaN(), math.NaN()}, Label: label, style: style{color: c}})
}

func (p *Panel) yspan(name, label string, y0, y1 float64, c color.Color) *Mark {
	return p.add(&Mark{Name: name, Kind: YSpan, X: []float64{math.NaN(), math.NaN()}, Y: []float64{y0, y1}, Label: label, style: style{color: c}})
}

func (p *Panel) fill(name, label string, x, y []float64, c color.Color) *Mark {
	return p.add(&Mark{Name: name, Kind: Fill, X: x, Y: y, Label: label, style: style{color: c}})
}

// text writes s at (x, y); align is the text's anchor: (−1, −1) puts its bottom-left corner there,
// (0, 0) its centre.
func (p *Panel) text(name, s string, x, y float64, alignX, alignY float64) *Mark {
	return p.add(&Mark{Name: name, Kind: Text, X: []float64{x}, Y: []float64{y}, Label: s,
		style: style{color: black, align: [2]float64{alignX, alignY}}})
}

// niceTicks places 4–8 labelled ticks at round steps (1, 2 or 5 × 10^k) with minor ticks between,
// labelled with as many decimals as the step needs (gonum's default ticker gives two or three labels
// with a fixed number of decimals).
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	raw := (hi - lo) / 6
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := e, e/5
	switch {
	case raw > 5*e:
		step, minor = 10*e, 2*e
	case raw > 2*e:
		step, minor = 5*e, e
	case raw > e:
		step, minor = 2*e, e/2
	}
	dec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var t []plot.Tick
	for k := math.Ceil(lo / minor); k*minor <= hi+1e-9*minor; k++ {
		v := k * minor
		if r := math.Round(v / step); math.Abs(v/step-r) < 1e-6 {
			v = r * step
			if v == 0 {
				v = 0 // no "-0"
			}
			t = append(t, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', dec, 64)})
		} else {
			t = append(t, plot.Tick{Value: v})
		}
	}
	return t
}

// Drawn returns where the mark's points landed on the canvas at the last rendering, in points from
// the bottom-left corner of the figure (one per X, Y; a VLine's at the data area's bottom, an
// HLine's at its left edge). It is nil before the first rendering.
func (m *Mark) Drawn() []vg.Point { return m.drawn }

// DataArea returns the panel's data area on the canvas at the last rendering (points from the
// figure's bottom-left corner) and the axis ranges it spans.
func (p *Panel) DataArea() (area vg.Rectangle, x, y [2]float64) { return p.area, p.xr, p.yr }

// markPlotter draws a mark; it is the plot.Plotter, plot.DataRanger and plot.Thumbnailer of it.
type markPlotter struct {
	m *Mark
	p *Panel
}

func (mp markPlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	m := mp.m
	trX, trY := plt.Transforms(&c)
	mp.p.area = c.Rectangle
	mp.p.xr = [2]float64{plt.X.Min, plt.X.Max}
	mp.p.yr = [2]float64{plt.Y.Min, plt.Y.Max}
	m.drawn = m.drawn[:0]
	ls := draw.LineStyle{Color: m.style.color, Width: m.style.width, Dashes: m.style.dashes}
	switch m.Kind {
	case Line:
		var lines [][]vg.Point
		var cur []vg.Point
		for i := range m.X {
			if !finite(m.X[i]) || !finite(m.Y[i]) {
				m.drawn = append(m.drawn, vg.Point{X: vg.Length(math.NaN()), Y: vg.Length(math.NaN())})
				if len(cur) > 1 {
					lines = append(lines, cur)
				}
				cur = nil
				continue
			}
			pt := vg.Point{X: trX(m.X[i]), Y: trY(m.Y[i])}
			m.drawn = append(m.drawn, pt)
			cur = append(cur, pt)
		}
		if len(cur) > 1 {
			lines = append(lines, cur)
		}
		c.StrokeLines(ls, c.ClipLinesXY(lines...)...)
	case Points:
		gs := draw.GlyphStyle{Color: m.style.color, Radius: m.style.radius, Shape: m.style.glyph}
		for i := range m.X {
			pt := vg.Point{X: trX(m.X[i]), Y: trY(m.Y[i])}
			m.drawn = append(m.drawn, pt)
			if finite(m.X[i]) && finite(m.Y[i]) && c.Contains(pt) {
				c.DrawGlyph(gs, pt)
			}
		}
	case VLine:
		for _, x := range m.X {
			px := trX(x)
			m.drawn = append(m.drawn, vg.Point{X: px, Y: c.Min.Y})
			if finite(x) && c.ContainsX(px) {
				c.StrokeLine2(ls, px, c.Min.Y, px, c.Max.Y)
			}
		}
	case HLine:
		for _, y := range m.Y {
			py := trY(y)
			m.drawn = append(m.drawn, vg.Point{X: c.Min.X, Y: py})
			if finite(y) && c.ContainsY(py) {
				c.StrokeLine2(ls, c.Min.X, py, c.Max.X, py)
			}
		}
	case XSpan, YSpan:
		var r vg.Rectangle
		if m.Kind == XSpan {
			r = vg.Rectangle{Min: vg.Point{X: trX(m.X[0]), Y: c.Min.Y}, Max: vg.Point{X: trX(m.X[1]), Y: c.Max.Y}}
		} else {
			r = vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: trY(m.Y[0])}, Max: vg.Point{X: c.Max.X, Y: trY(m.Y[1])}}
		}
		m.drawn = append(m.drawn, r.Min, r.Max)
		if finite(float64(r.Min.X + r.Min.Y + r.Max.X + r.Max.Y)) {
			c.FillPolygon(m.style.color, c.ClipPolygonXY(corners(r)))
		}
	case Fill:
		var pts []vg.Point
		for i := range m.X {
			pt := vg.Point{X: trX(m.X[i]), Y: trY(m.Y[i])}
			m.drawn = append(m.drawn, pt)
			if finite(m.X[i]) && finite(m.Y[i]) {
				pts = append(pts, pt)
			}
		}
		if len(pts) > 2 {
			c.FillPolygon(m.style.color, c.ClipPolygonXY(pts))
		}
	case Text:
		pt := vg.Point{X: trX(m.X[0]), Y: trY(m.Y[0])}
		m.drawn = append(m.drawn, pt)
		ts := plt.X.Tick.Label
		ts.Font.Size = vg.Points(9)
		ts.Color = m.style.color
		ts.XAlign = draw.XAlignment(-(m.style.align[0] + 1) / 2) // −1 → XLeft (0), +1 → XRight (−1)
		ts.YAlign = draw.YAlignment(-(m.style.align[1] + 1) / 2)
		c.FillText(ts, pt, m.Label)
	}
}

// DataRange makes the axes span every finite coordinate of the mark (spans and lines across the
// panel only in their own direction).
func (mp markPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	m := mp.m
	if m.Kind == Text {
		return
	}
	for i := range m.X {
		if x := m.X[i]; finite(x) {
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		}
		if y := m.Y[i]; finite(y) {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	return
}

// Thumbnail draws the mark's legend icon.
func (mp markPlotter) Thumbnail(c *draw.Canvas) {
	m := mp.m
	switch m.Kind {
	case Points:
		c.DrawGlyph(draw.GlyphStyle{Color: m.style.color, Radius: m.style.radius, Shape: m.style.glyph}, c.Center())
	case XSpan, YSpan, Fill:
		c.FillPolygon(m.style.color, corners(c.Rectangle))
	default:
		y := c.Center().Y
		c.StrokeLine2(draw.LineStyle{Color: m.style.color, Width: m.style.width, Dashes: m.style.dashes}, c.Min.X, y, c.Max.X, y)
	}
}

// corners returns a rectangle's corners counter-clockwise from the bottom left.
func corners(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// PNG resolution: 150 dots per inch makes a 6.5 × 4 in figure 975 × 600 pixels, sharp on screen
// and legible in print.
const pngDPI = 150

// WriteTo renders the figure as format ("png" or "svg") into w.
func (f *Figure) WriteTo(w io.Writer, format string) error {
	var c vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
		f.Draw(draw.New(img))
		// Fastest deflate: at the default level compression was 60 % of a figure's rendering time, for
		// files about a fifth smaller.
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, img.Image())
	case "svg":
		c = vgsvg.New(f.Width, f.Height)
	default:
		return fmt.Errorf("figure: format %q (want png or svg)", format)
	}
	f.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// Save writes the figure to path, its format from the extension (.png or .svg).
func (f *Figure) Save(path string) error {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	var buf bytes.Buffer
	if err := f.WriteTo(&buf, ext); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// SVG returns the figure as an SVG document.
func (f *Figure) SVG() ([]byte, error) {
	var buf bytes.Buffer
	err := f.WriteTo(&buf, "svg")
	return buf.Bytes(), err
}

// Draw draws the figure onto c: the title, then the panels top to bottom, their data areas aligned
// left and right.
func (f *Figure) Draw(c draw.Canvas) {
	if f.Title != "" {
		ts := f.Panels[0].Plot.Title.TextStyle
		ts.Font.Size = vg.Points(11)
		ts.XAlign = draw.XCenter
		ts.YAlign = draw.YTop
		c.FillText(ts, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, f.Title)
		c = draw.Crop(c, 0, 0, 0, -(ts.Height(f.Title) + vg.Points(8)))
	}
	c = draw.Crop(c, vg.Points(4), -vg.Points(8), vg.Points(2), 0)
	if f.Cols > 1 {
		rows := (len(f.Panels) + f.Cols - 1) / f.Cols
		grid := make([][]*plot.Plot, rows)
		for r := range grid {
			grid[r] = make([]*plot.Plot, f.Cols)
			for k := range f.Cols {
				if i := r*f.Cols + k; i < len(f.Panels) {
					grid[r][k] = f.Panels[i].Plot
				}
			}
		}
		cs := plot.Align(grid, draw.Tiles{Rows: rows, Cols: f.Cols, PadX: vg.Points(12), PadY: vg.Points(12)}, c)
		for i, p := range f.Panels {
			p.Plot.Draw(cs[i/f.Cols][i%f.Cols])
		}
		return
	}
	total := 0.0
	for _, p := range f.Panels {
		total += weight(p)
	}
	// Cut the canvas into bands, top to bottom.
	canvases := make([]draw.Canvas, len(f.Panels))
	top := c.Max.Y
	h := c.Max.Y - c.Min.Y
	for i, p := range f.Panels {
		bh := vg.Length(weight(p) / total * float64(h))
		cc := c
		cc.Max.Y, cc.Min.Y = top, top-bh
		canvases[i] = cc
		top -= bh
	}
	// Align the data areas: the widest left margin (y-axis labels) and right margin decide.
	var left, right vg.Length
	for i, p := range f.Panels {
		dc := p.Plot.DataCanvas(canvases[i])
		left = max(left, dc.Min.X-canvases[i].Min.X)
		right = max(right, canvases[i].Max.X-dc.Max.X)
	}
	for i, p := range f.Panels {
		dc := p.Plot.DataCanvas(canvases[i])
		cc := draw.Crop(canvases[i], left-(dc.Min.X-canvases[i].Min.X), -(right - (canvases[i].Max.X - dc.Max.X)), 0, 0)
		p.Plot.Draw(cc)
	}
}

func weight(p *Panel) float64 {
	if p.Weight > 0 {
		return p.Weight
	}
	return 1
}
