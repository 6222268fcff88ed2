//! Statistics that hang off a scoring run: uncertainty over respondents (bootstrap), weight
//! and method sensitivity, and reliability of the survey scales (Cronbach's alpha).

pub mod bootstrap;
pub mod limits;
pub mod reliability;
pub mod render;
pub mod sensitivity;
pub mod weights;
