import Fleet
import Foundation
import Testing

@Suite("Embedded CRD manifests")
struct CRDManifestsTests {
    @Test("the CRDs the binary carries are crds/, byte for byte (run hack/gen-crd-manifests.sh after editing one)")
    func embeddedCRDsAreCurrent() throws {
        let files = try RepositoryFiles.yamlFiles(in: "crds")
        #expect(CRDManifests.all.map(\.file) == files)
        for (file, yaml) in CRDManifests.all {
            var onDisk = try RepositoryFiles.text("crds/\(file)")
            if onDisk.hasSuffix("\n") { onDisk.removeLast() }
            #expect(yaml == onDisk, "\(file) differs from its embedded copy")
        }
    }
}
