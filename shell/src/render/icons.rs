//! The tile icons as vector paths on a 24-unit grid, stroked with round caps and joins in one
//! weight so that they read as one family next to Inter SemiBold.

use super::Canvas;
use openbalance_core::view::{Icon, Rgb};
use raqote::{
    BlendMode, DrawOptions, IntRect, LineCap, LineJoin, PathBuilder, SolidSource, Source,
    StrokeStyle, Transform,
};
use std::f32::consts::PI;

/// The design grid every icon is drawn on.
const GRID: f32 = 24.0;
/// Stroke weight on the grid: about Inter SemiBold's stem weight at the sizes icons sit beside.
const WEIGHT: f32 = 2.3;
/// Thinner strokes than this (in device pixels) dissolve into grey on a downscaled key.
const MIN_DEVICE_WEIGHT: f32 = 1.75;

/// Draws `icon` into the square with top-left corner (`x`, `y`) and side `size`, in layout units.
pub(crate) fn draw_icon(canvas: &mut Canvas, icon: Icon, x: f32, y: f32, size: f32, color: Rgb) {
    let mut pen = Pen::new(canvas, x, y, size, color);
    match icon {
        Icon::Check => {
            pen.circle(12.0, 12.0, 9.6);
            pen.polyline(&[(7.6, 12.4), (10.7, 15.4), (16.4, 9.3)]);
        }
        Icon::Warning => {
            pen.polygon(&[(12.0, 3.4), (21.7, 20.0), (2.3, 20.0)]);
            pen.polyline(&[(12.0, 9.4), (12.0, 13.7)]);
            pen.dot(12.0, 16.9, 1.45);
        }
        Icon::ArrowUp => {
            pen.polyline(&[(12.0, 19.5), (12.0, 4.8)]);
            pen.polyline(&[(5.6, 11.2), (12.0, 4.8), (18.4, 11.2)]);
        }
        Icon::ArrowDown => {
            pen.polyline(&[(12.0, 4.5), (12.0, 19.2)]);
            pen.polyline(&[(5.6, 12.8), (12.0, 19.2), (18.4, 12.8)]);
        }
        Icon::ArrowFlat => {
            pen.polyline(&[(4.5, 12.0), (19.2, 12.0)]);
            pen.polyline(&[(12.8, 5.6), (19.2, 12.0), (12.8, 18.4)]);
        }
        Icon::Key => {
            pen.circle(7.8, 16.2, 4.6);
            pen.polyline(&[(11.1, 12.9), (20.6, 3.4)]);
            pen.polyline(&[(17.6, 6.4), (20.4, 9.2)]);
            pen.polyline(&[(14.6, 9.4), (16.6, 11.4)]);
        }
        Icon::Offline => {
            pen.knocked_out(&[(3.0, 3.0), (21.0, 21.0)], |pen| pen.cloud());
            pen.polyline(&[(3.0, 3.0), (21.0, 21.0)]);
        }
        Icon::Hourglass => {
            pen.polyline(&[(5.0, 2.8), (19.0, 2.8)]);
            pen.polyline(&[(5.0, 21.2), (19.0, 21.2)]);
            pen.polyline(&[
                (7.2, 2.8),
                (7.2, 6.6),
                (12.0, 12.0),
                (7.2, 17.4),
                (7.2, 21.2),
            ]);
            pen.polyline(&[
                (16.8, 2.8),
                (16.8, 6.6),
                (12.0, 12.0),
                (16.8, 17.4),
                (16.8, 21.2),
            ]);
            pen.fill_polygon(&[(9.2, 20.2), (14.8, 20.2), (12.0, 16.6)]);
        }
    }
    pen.finish();
}

/// Draws on the 24-unit grid of one icon; restores the canvas transform when finished.
pub(crate) struct Pen<'a> {
    canvas: &'a mut Canvas,
    source: Source<'static>,
    weight: f32,
    /// Device pixels per grid unit.
    unit: f32,
    origin: (f32, f32),
}

impl<'a> Pen<'a> {
    pub(crate) fn new(canvas: &'a mut Canvas, x: f32, y: f32, size: f32, color: Rgb) -> Pen<'a> {
        let unit = size * canvas.scale / GRID;
        let origin = (x * canvas.scale, y * canvas.scale);
        canvas
            .dt
            .set_transform(&Transform::new(unit, 0.0, 0.0, unit, origin.0, origin.1));
        let weight = if unit > 0.0 {
            WEIGHT.max(MIN_DEVICE_WEIGHT / unit)
        } else {
            WEIGHT
        };
        Pen {
            canvas,
            source: Source::Solid(solid(color)),
            weight,
            unit,
            origin,
        }
    }

    fn style(&self, weight: f32) -> StrokeStyle {
        StrokeStyle {
            width: weight,
            cap: LineCap::Round,
            join: LineJoin::Round,
            miter_limit: 4.0,
            dash_array: Vec::new(),
            dash_offset: 0.0,
        }
    }

    pub(crate) fn polyline(&mut self, points: &[(f32, f32)]) {
        let pb = outline(points);
        let style = self.style(self.weight);
        self.canvas
            .dt
            .stroke(&pb.finish(), &self.source, &style, &DrawOptions::new());
    }

    pub(crate) fn polygon(&mut self, points: &[(f32, f32)]) {
        let mut pb = outline(points);
        pb.close();
        let style = self.style(self.weight);
        self.canvas
            .dt
            .stroke(&pb.finish(), &self.source, &style, &DrawOptions::new());
    }

    pub(crate) fn fill_polygon(&mut self, points: &[(f32, f32)]) {
        let mut pb = outline(points);
        pb.close();
        self.canvas
            .dt
            .fill(&pb.finish(), &self.source, &DrawOptions::new());
    }

    pub(crate) fn circle(&mut self, cx: f32, cy: f32, r: f32) {
        let style = self.style(self.weight);
        self.canvas.dt.stroke(
            &circle(cx, cy, r),
            &self.source,
            &style,
            &DrawOptions::new(),
        );
    }

    pub(crate) fn dot(&mut self, cx: f32, cy: f32, r: f32) {
        self.canvas
            .dt
            .fill(&circle(cx, cy, r), &self.source, &DrawOptions::new());
    }

    /// A cloud (after Lucide's): a big left lobe and a small right one over a flat base.
    fn cloud(&mut self) {
        let mut pb = PathBuilder::new();
        pb.move_to(17.5, 19.0);
        pb.line_to(9.0, 19.0);
        // Big lobe centred (9, 12), r 7: from straight down, clockwise round to where it meets
        // the top of the small lobe.
        let end = (-2.0f32).atan2(6.71);
        pb.arc(9.0, 12.0, 7.0, PI / 2.0, 2.0 * PI + end - PI / 2.0);
        pb.line_to(17.5, 10.0);
        pb.arc(17.5, 14.5, 4.5, -PI / 2.0, PI);
        pb.close();
        let style = self.style(self.weight);
        self.canvas
            .dt
            .stroke(&pb.finish(), &self.source, &style, &DrawOptions::new());
    }

    /// Draws `draw` with a clear gap around the segment `line`, so a slash drawn over it later reads
    /// as crossing it out; the gap is real transparency, not background colour.
    fn knocked_out(&mut self, line: &[(f32, f32)], draw: impl FnOnce(&mut Pen)) {
        let s = self.unit;
        let (ox, oy) = self.origin;
        let rect = IntRect::new(
            raqote::IntPoint::new((ox - s).floor() as i32, (oy - s).floor() as i32),
            raqote::IntPoint::new((ox + 25.0 * s).ceil() as i32, (oy + 25.0 * s).ceil() as i32),
        );
        self.canvas.dt.push_clip_rect(rect);
        self.canvas.dt.push_layer(1.0);
        draw(self);
        let mut pb = PathBuilder::new();
        if let [(x0, y0), (x1, y1)] = line {
            pb.move_to(*x0, *y0);
            pb.line_to(*x1, *y1);
        }
        let style = self.style(self.weight * 2.4);
        self.canvas.dt.stroke(
            &pb.finish(),
            &self.source,
            &style,
            &DrawOptions {
                blend_mode: BlendMode::DstOut,
                ..DrawOptions::new()
            },
        );
        self.canvas.dt.pop_layer();
        self.canvas.dt.pop_clip();
    }

    pub(crate) fn finish(self) {
        self.canvas.reset_transform();
    }
}

/// An open path through `points`, in order.
pub(crate) fn outline(points: &[(f32, f32)]) -> PathBuilder {
    let mut pb = PathBuilder::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb
}

pub(crate) fn circle(cx: f32, cy: f32, r: f32) -> raqote::Path {
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.arc(cx, cy, r, 0.0, 2.0 * PI);
    pb.close();
    pb.finish()
}

pub(crate) fn solid(c: Rgb) -> SolidSource {
    SolidSource::from_unpremultiplied_argb(255, c.0, c.1, c.2)
}
