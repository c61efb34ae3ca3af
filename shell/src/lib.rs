pub mod icons_bundle;
pub mod render;
