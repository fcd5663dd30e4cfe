# How -o FILE is written, the same for emit and report: through a symbolic link the
# file it names is replaced (the link stays a link; a dangling link's file is created);
# a replaced file keeps its permission bits; a new file gets 0666 & ~umask; a device is
# written in place and stays a device; a FIFO is written in place (a reader sees the
# output); no temporary file is left beside any of them.
r=$PWD
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
umask 022
cp "$r/policies/k8s-docs.yaml" policy.yaml
cp "$r/fixtures/logs/audit2rbac-demo.jsonl" log.jsonl
show() { stat -c '%n %A %F' "$@" | sed 's/regular file/file/'; }
for cmd in emit report; do
	mkdir $cmd && cd $cmd
	echo old >real && chmod 640 real && ln -s real link
	"$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o link 2>/dev/null
	echo "$cmd -o link: exit $?; link -> $(readlink link); real starts $(head -c 15 real | tr '\n' ' ')"
	ln -s made dangling
	"$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o dangling 2>/dev/null
	echo "$cmd -o dangling: exit $?; dangling -> $(readlink dangling); made starts $(head -c 15 made | tr '\n' ' ')"
	(umask 027 && "$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o new 2>/dev/null)
	echo "$cmd -o new under umask 027: exit $?"
	echo old >private && chmod 600 private
	"$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o private 2>/dev/null
	echo "$cmd -o private (600): exit $?"
	show real made new private
	"$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o /dev/null 2>/dev/null
	echo "$cmd -o /dev/null: exit $?; $(show /dev/null)"
	mkfifo fifo
	timeout 120 cat fifo >from-fifo &
	reader=$!
	"$AUDITSIM" $cmd ../policy.yaml ../log.jsonl -o fifo 2>/dev/null
	echo "$cmd -o fifo: exit $?; $(show fifo)"
	wait $reader
	echo "reader got $(head -c 15 from-fifo | tr '\n' ' ')"
	echo "files: $(ls | tr '\n' ' ')"
	cd ..
done
