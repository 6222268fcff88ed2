//! The generated XLSForm converts with pyxform (the reference XLSForm converter that
//! KoboToolbox and ODK use) with no error and no warning. Needs pyxform: `.ci/run` installs
//! it and runs this test (`cargo test --test cli questionnaire_pyxform:: -- --ignored`).

use crate::common::qbpc;
use std::path::PathBuf;

/// `python3`, or the interpreter `QBPC_PYTHON` names (`.ci/run` sets it when it had to put
/// the packages in a virtual environment).
fn python_with_pyxform() -> std::process::Command {
    let python = std::env::var("QBPC_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = std::process::Command::new(&python)
        .args(["-c", "import pyxform; print(pyxform.__version__)"])
        .output();
    match probe {
        Ok(o) if o.status.success() => std::process::Command::new(python),
        Ok(o) => panic!(
            "{python} has no pyxform ({}): install it with `python3 -m pip install pyxform` (.ci/run does)",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("{python} is needed to convert the XLSForm with pyxform: {e}"),
    }
}

/// pyxform converts the form and returns its warnings; an error raises (exit 1).
const CONVERT: &str = r#"
import json, sys
from pyxform.xls2xform import xls2xform_convert
warnings = xls2xform_convert(xlsform_path=sys.argv[1], xform_path=sys.argv[2], validate=False)
print(json.dumps(warnings))
"#;

fn convert(definition: Option<PathBuf>) -> (String, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let form = dir.path().join("form.xlsx");
    let mut cmd = qbpc();
    cmd.current_dir(dir.path())
        .args(["questionnaire", "--format", "xlsform", "-o"])
        .arg(&form);
    if let Some(d) = definition {
        cmd.arg("--index").arg(d);
    }
    cmd.assert().success();
    let xml = dir.path().join("form.xml");
    let out = python_with_pyxform()
        .args(["-c", CONVERT])
        .arg(&form)
        .arg(&xml)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "pyxform refused the form: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warnings = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (warnings, std::fs::read_to_string(&xml).expect("xform"))
}

#[test]
#[ignore = "needs pyxform: see docs/testing.md"]
fn the_xlsform_of_the_embedded_definition_converts_without_warnings() {
    let (warnings, xform) = convert(None);
    assert_eq!(warnings, "[]", "pyxform warnings");
    // The repeat group and a field the kobo preset maps back by name.
    assert!(xform.contains("nodeset=\"/data/platform_rating/complaint/rules_clear\""));
    assert!(xform.contains("nodeset=\"/data/platform_rating/platform\""));
}

#[test]
#[ignore = "needs pyxform: see docs/testing.md"]
fn the_xlsform_of_the_custom_example_converts_without_warnings() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (warnings, _) = convert(Some(root.join("examples/custom-index.toml")));
    assert_eq!(warnings, "[]", "pyxform warnings");
}
