//! The one error type of the sensitivity module: every bad input is reported, never panicked on.

/// What went wrong in a design or an analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SensitivityError {
    /// An input that must have at least one element (rows, factors, outcomes) had none.
    #[error("{what} is empty")]
    Empty {
        /// The input that was empty.
        what: &'static str,
    },
    /// Two inputs that must agree in length do not.
    #[error("{what}: expected {expected} values, found {found}")]
    LengthMismatch {
        /// The input whose length is wrong.
        what: &'static str,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A row of a matrix has the wrong number of columns.
    #[error("row {row} has {found} columns, expected {expected}")]
    ColumnCount {
        /// Zero-based row index.
        row: usize,
        /// The number of columns every row must have.
        expected: usize,
        /// The number of columns this row has.
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error("{what}: value at index {index} is not finite")]
    NonFinite {
        /// The input holding the value.
        what: &'static str,
        /// Zero-based position (flattened row-major for matrices).
        index: usize,
    },
    /// A design value lies outside its factor's range.
    #[error("row {row}, column {col}: value {value} outside [{low}, {high}]")]
    OutOfRange {
        /// Zero-based row index.
        row: usize,
        /// Zero-based column (factor) index.
        col: usize,
        /// The offending value.
        value: f64,
        /// Lower bound of the allowed range.
        low: f64,
        /// Upper bound of the allowed range.
        high: f64,
    },
    /// A factor range is not a finite interval with low < high.
    #[error("factor {factor}: range [{low}, {high}] is not a finite interval with low < high")]
    InvalidRange {
        /// Zero-based factor index.
        factor: usize,
        /// The given lower bound.
        low: f64,
        /// The given upper bound.
        high: f64,
    },
    /// A method parameter (levels, confidence level, alpha, ...) is out of its domain.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// An output (or another input that must vary) is constant, so there is nothing to analyse.
    #[error("{what} has zero variance")]
    ZeroVariance {
        /// The input that does not vary.
        what: &'static str,
    },
    /// Morris analysis: a step of a trajectory does not move exactly one factor, or a factor
    /// does not move exactly once.
    #[error("trajectory {trajectory} is not a one-factor-at-a-time trajectory: {reason}")]
    NotATrajectory {
        /// Zero-based trajectory index.
        trajectory: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// Too few runs or rows for the method to be defined.
    #[error("{what}: need at least {needed}, found {found}")]
    TooFew {
        /// What there are too few of.
        what: &'static str,
        /// The minimum required.
        needed: usize,
        /// The number given.
        found: usize,
    },
    /// The ranked inputs are collinear, so regression-based coefficients are undefined.
    #[error("factor {factor} is (nearly) a linear combination of the other factors' ranks")]
    Collinear {
        /// Zero-based index of the factor found dependent.
        factor: usize,
    },
    /// More dimensions were asked of the Sobol sequence than its direction numbers cover.
    #[error("Sobol sequence supports at most {max} dimensions, {requested} requested")]
    TooManyDimensions {
        /// Dimensions requested.
        requested: usize,
        /// Dimensions available.
        max: usize,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, SensitivityError>;
